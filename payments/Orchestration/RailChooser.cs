using Baas.Payments.Ach;
using Baas.Payments.Calendar;

namespace Baas.Payments.Orchestration;

/// <summary>The rail a payment goes on, why, and when it settles.</summary>
public sealed record RailChoice(string Rail, string Reason, DateOnly SettlementDate, bool Instant);

/// <summary>
/// Chooses a rail. For <c>auto</c>: only rails that can carry the payment (pulls are ACH only, IBAN/BIC
/// counterparties go by wire, limits, instant-rail reach) and that settle by the requested time (<c>instant</c>, a
/// date, or none), then the cheapest, then the fastest. An explicit rail is checked the same way and refused with
/// the reason when it cannot carry the payment.
/// </summary>
public sealed class RailChooser(RailPolicy policy, BusinessCalendar calendar, AchWindows windows)
{
    /// <summary>The choice for a payment at <paramref name="now"/>; <see cref="PaymentException"/> (422) when no rail can do it.</summary>
    public RailChoice Choose(string requestedRail, string direction, long amount, Counterparty counterparty, string? requestedSettlement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(counterparty);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, AchWindows.Eastern).DateTime);
        DateOnly? by = null;
        var instantWanted = requestedSettlement == "instant";
        if (requestedSettlement is not null && !instantWanted)
        {
            if (!DateOnly.TryParseExact(requestedSettlement, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                throw new PaymentException(400, "requestedSettlement is \"instant\" or a date YYYY-MM-DD", "requestedSettlement");
            }

            if (date < today)
            {
                throw new PaymentException(400, "requestedSettlement is in the past", "requestedSettlement");
            }

            by = date;
        }

        var candidates = requestedRail == "auto" ? RailPolicy.RailNames : [requestedRail];
        var refusals = new List<string>();
        var options = new List<(RailChoice Choice, int Cost)>();
        foreach (var rail in candidates)
        {
            if (Refusal(rail, direction, amount, counterparty) is { } refusal)
            {
                refusals.Add($"{rail}: {refusal}");
                continue;
            }

            var (date, instant) = Settlement(rail, now, today);
            if ((instantWanted && !instant) || (by is { } deadline && date > deadline))
            {
                refusals.Add($"{rail}: settles {(instant ? "at once" : date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))}, later than requested");
                continue;
            }

            options.Add((new RailChoice(rail, "", date, instant), policy.Rails[rail].Cost));
        }

        if (options.Count == 0)
        {
            throw new PaymentException(422, "no rail can carry this payment: " + string.Join("; ", refusals), "rail");
        }

        var best = options.OrderBy(o => o.Cost).ThenBy(o => o.Choice.SettlementDate).ThenBy(o => o.Choice.Instant ? 0 : 1).First();
        var reason = requestedRail != "auto" ? "requested"
            : options.Count == 1 ? "the only rail that can carry it" + (refusals.Count > 0 ? $" ({string.Join("; ", refusals)})" : "")
            : $"cheapest of {string.Join(", ", options.Select(o => o.Choice.Rail))} that settles {(instantWanted ? "at once" : by is null ? "when it can" : "by " + by.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))}";
        return best.Choice with { Reason = reason };
    }

    /// <summary>Why <paramref name="rail"/> cannot carry the payment, or null when it can.</summary>
    public string? Refusal(string rail, string direction, long amount, Counterparty counterparty)
    {
        ArgumentNullException.ThrowIfNull(counterparty);
        var settings = policy.Rails[rail];
        var international = counterparty.Iban is not null;
        if (direction == "debit" && rail is not ("ach" or "ach_same_day"))
        {
            return "pulls (debits) go by ACH only";
        }

        if (international && rail != "wire")
        {
            return "an IBAN counterparty is reached by wire";
        }

        if (settings.PerPaymentLimit is { } limit && amount > limit)
        {
            return $"over its limit of {Money(limit)}";
        }

        if (rail is "rtp" or "fednow" && !policy.Reaches(rail, counterparty.RoutingNumber))
        {
            return "the receiving bank is not a participant";
        }

        return null;
    }

    private (DateOnly Date, bool Instant) Settlement(string rail, DateTimeOffset now, DateOnly today) => rail switch
    {
        "ach" => (windows.NextWindow(now, sameDay: false, calendar).SettlementDate, false),
        "ach_same_day" => (windows.NextWindow(now, sameDay: true, calendar).SettlementDate, false),
        "rtp" or "fednow" => (today, true),
        _ => (calendar.IsBusinessDay(today) && now < AchWindows.At(today, policy.WireCutoff) ? today : calendar.NextBusinessDay(today), false),
    };

    private static string Money(long cents) => "$" + (cents / 100m).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Whom a payment goes to or comes from: a US account (routing and account number, checking or savings) or an international one (IBAN and BIC).</summary>
public sealed record Counterparty(string Name, string? RoutingNumber, string? AccountNumber, string? AccountType, string? Iban, string? Bic, string? Country = null);
