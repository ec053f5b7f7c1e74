using System.Collections.Concurrent;
using System.Diagnostics;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Specs;
using Baas.Observability;
using Baas.SwitchSim.Cards;

namespace Baas.SwitchSim.Run;

/// <summary>A response that did not match the oracle's prediction (keys only, never the PAN).</summary>
public sealed record Mismatch(string Terminal, string Stan, string Mti, string Kind, string Expected, string Actual, long Amount, string Account, long ModelPosted, long ModelHeld);

/// <summary>
/// Drives traffic: open loop at a fixed rate (constant or Poisson gaps) with latency measured from the
/// intended send time, or closed loop ("max") keeping every connection's in-flight window full. Behaves like
/// a network: sign-on and echo, timeouts followed by a repeat or a timeout reversal, later clearings, partial
/// approval terminals. Checks every response against the oracle.
/// </summary>
internal sealed class SimRunner
{
    private readonly SimOptions _options;
    private readonly CardModel[] _cards;
    private readonly IsoCodec _codec;
    private readonly FrameFormat _framing;
    private readonly long _timeoutTicks;
    private readonly ConcurrentQueue<Pending> _pool = new();
    private readonly ConcurrentQueue<Mismatch> _mismatchSamples = new();
    private readonly long[] _codes = new long[36 * 36];
    private readonly Timeline _timeline = new();
    private readonly Dictionary<Kind, long> _sentByKind = [];
    private SimConnection[] _connections = [];
    private long _t0;
    private long _end;
    private volatile bool _generating;
    private long _sent;
    private long _received;
    private long _timeouts;
    private long _mismatches;
    private long _unpredicted;
    private long _skipped;
    private long _errors;
    private long _unavailable;

    public SimRunner(SimOptions options, IReadOnlyList<SimAccount> accounts, IReadOnlyList<SimCard> cards)
    {
        _options = options;
        var byId = accounts.ToDictionary(a => a.Id, a => new AccountModel(a.Id, a.Balance), StringComparer.Ordinal);
        _cards = new CardModel[cards.Count];
        for (var i = 0; i < cards.Count; i++)
        {
            var account = byId[cards[i].AccountId];
            account.CardIndexes.Add(i);
            _cards[i] = new CardModel(cards[i], account, i);
        }

        _codec = IsoCodec.For(Profiles.Resolve(options.Profile));
        _framing = FrameFormat.Parse(options.Framing);
        _timeoutTicks = (long)(options.Timeout.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Live figures for progress displays.</summary>
    public (long Sent, long Received, long Timeouts, long Errors, long Mismatches, double ElapsedSeconds) Snapshot() =>
        (Interlocked.Read(ref _sent), Interlocked.Read(ref _received), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _errors), Interlocked.Read(ref _mismatches), Stopwatch.GetElapsedTime(_t0).TotalSeconds);

    /// <summary>The p99 of the last complete second, in microseconds.</summary>
    public double RecentP99Micros() => _timeline.RecentP99Micros(Stopwatch.GetElapsedTime(_t0).TotalSeconds);

    public async Task<SimReport> RunAsync(CancellationToken cancellation)
    {
        if (_cards.Length == 0)
        {
            throw new InvalidOperationException("no cards: generate them with 'sim cards' and pass --cards");
        }

        _connections = new SimConnection[_options.Connections];
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = await SimConnection.ConnectAsync(_options.Host, _options.Port, _codec, _framing, i, OnResponse);
        }

        _t0 = Stopwatch.GetTimestamp();
        _end = _t0 + (long)(_options.Duration.TotalSeconds * Stopwatch.Frequency);
        foreach (var c in _connections)
        {
            c.RecordFromTicks = _t0 + (long)(_options.Warmup.TotalSeconds * Stopwatch.Frequency);
        }
        _generating = true;
        _controlBuilders = _connections.Select(c => new RequestBuilder(_codec, _framing, Terminal(c.Index))).ToArray();
        foreach (var c in _connections)
        {
            SendControl(c, _controlBuilders[c.Index], Kind.SignOn);
        }

        var scanner = new Thread(ScanTimeouts) { IsBackground = true, Name = "sim-timeouts" };
        scanner.Start();
        using var echo = new Timer(_ => Echo(), null, TimeSpan.FromSeconds(_options.EchoSeconds), TimeSpan.FromSeconds(_options.EchoSeconds));
        try
        {
            if (_options.Rate > 0)
            {
                var scheduler = new Thread(() => OpenLoop(cancellation)) { IsBackground = true, Name = "sim-schedule", Priority = ThreadPriority.AboveNormal };
                scheduler.Start();
                await Task.Run(() => scheduler.Join(), CancellationToken.None);
            }
            else
            {
                for (var w = 0; w < _options.Inflight; w++)
                {
                    foreach (var c in _connections)
                    {
                        SendNew(c, ClosedLoopBuilder(c), ClosedLoopRandom(c), Stopwatch.GetTimestamp());
                    }
                }

                try
                {
                    await Task.Delay(_options.Duration, cancellation);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        finally
        {
            _generating = false;
        }

        // Let what is in flight (and any follow-ups) finish.
        var drainUntil = Stopwatch.GetTimestamp() + (3 * _timeoutTicks) + Stopwatch.Frequency;
        while (_connections.Any(c => c.Inflight > 0) && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        var elapsed = Stopwatch.GetElapsedTime(_t0, Math.Min(Stopwatch.GetTimestamp(), _end + (3 * _timeoutTicks))).TotalSeconds;
        _stopScanner = true;
        scanner.Join();
        foreach (var c in _connections)
        {
            Interlocked.Add(ref _errors, c.FormatErrors + (c.Closed ? 1 : 0));
            if (c.Failure is { } failure)
            {
                await Console.Error.WriteLineAsync($"switch-sim: connection {c.Index} stopped reading: {failure}");
            }
        }

        await Task.WhenAll(_connections.Select(c => c.DisposeAsync().AsTask()));

        foreach (var b in _controlBuilders.Concat(_closedBuilders.Values))
        {
            b.Dispose();
        }

        return BuildReport(Math.Min(elapsed, _options.Duration.TotalSeconds + (_options.Rate > 0 ? 0 : 0.001)));
    }

    private volatile bool _stopScanner;

    /// <summary>Per connection, for sign-on and echo (SendControl locks each while building).</summary>
    private RequestBuilder[] _controlBuilders = [];
    private readonly ConcurrentDictionary<int, RequestBuilder> _closedBuilders = new();
    private readonly ConcurrentDictionary<int, Random> _closedRandoms = new();

    private RequestBuilder ClosedLoopBuilder(SimConnection c) => _closedBuilders.GetOrAdd(c.Index, i => new RequestBuilder(_codec, _framing, Terminal(i)));

    private Random ClosedLoopRandom(SimConnection c) => _closedRandoms.GetOrAdd(c.Index, i => new Random(_options.Seed * 31 + i));

    private static string Terminal(int index) => "SIMT" + index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private void OpenLoop(CancellationToken cancellation)
    {
        var rng = new Random(_options.Seed);
        var builders = _connections.Select(c => new RequestBuilder(_codec, _framing, Terminal(c.Index))).ToArray();
        var interval = Stopwatch.Frequency / _options.Rate;
        double next = _t0;
        var i = 0;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var target = (long)next;
                if (target >= _end)
                {
                    break;
                }

                WaitUntil(target);

                // The next connection with room; when every window is full the request waits (and its
                // latency still counts from when it was meant to go).
                SimConnection? connection = null;
                while (connection is null)
                {
                    for (var k = 0; k < _connections.Length; k++)
                    {
                        var c = _connections[(i + k) % _connections.Length];
                        if (c.Inflight < _options.Inflight)
                        {
                            connection = c;
                            i += k + 1;
                            break;
                        }
                    }

                    if (connection is null)
                    {
                        if (Stopwatch.GetTimestamp() >= _end)
                        {
                            return;
                        }

                        Thread.SpinWait(50);
                    }
                }

                SendNew(connection, builders[connection.Index], rng, target);
                next += _options.Poisson ? -Math.Log(1 - rng.NextDouble()) * interval : interval;
            }
        }
        finally
        {
            foreach (var b in builders)
            {
                b.Dispose();
            }
        }
    }

    /// <summary>
    /// Sleeps until <paramref name="target"/> without spinning a core away from the authorizer (on a two-core
    /// machine a spinning scheduler starved it): millisecond sleeps while far off, then one high-resolution
    /// nanosleep (Linux hrtimers wake within tens of microseconds). Lateness still counts: latency is measured
    /// from the intended time.
    /// </summary>
    private static void WaitUntil(long target)
    {
        while (true)
        {
            var remaining = target - Stopwatch.GetTimestamp();
            if (remaining <= Stopwatch.Frequency / 50_000)
            {
                return;
            }

            if (remaining > Stopwatch.Frequency / 400)
            {
                Thread.Sleep(1);
            }
            else if (!Precise.Sleep(Stopwatch.GetElapsedTime(0, remaining)))
            {
                Thread.Yield();
            }
        }
    }

    private Pending Rent()
    {
        if (!_pool.TryDequeue(out var p))
        {
            p = new Pending();
        }

        return p;
    }

    /// <summary>Builds and sends the next request on <paramref name="c"/>.</summary>
    private void SendNew(SimConnection c, RequestBuilder builder, Random rng, long intended)
    {
        // An idle account: one request per account in flight keeps the oracle exact.
        CardModel? card = null;
        for (var tries = 0; tries < 32; tries++)
        {
            var candidate = _cards[rng.Next(_cards.Length)];
            if (candidate.Account.TryAcquire())
            {
                card = candidate;
                break;
            }
        }

        if (card is null)
        {
            Interlocked.Increment(ref _skipped);
            return;
        }

        var account = card.Account;
        var p = Rent();
        p.Card = card;
        p.IntendedTicks = intended;
        var nowMicros = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        p.NowMicros = nowMicros;
        var kind = _options.Mix.Next(rng);
        var active = account.Holds.Count > 0 ? account.Holds[rng.Next(account.Holds.Count)] : null;
        if (account.PendingClearing is { } toClear && account.Holds.Contains(toClear))
        {
            kind = Kind.Clearing;
            active = toClear;
        }

        account.PendingClearing = null;
        if (kind is Kind.Reversal or Kind.Clearing or Kind.Incremental && (active is null || (kind != Kind.Reversal && active.SingleMessage)))
        {
            kind = Kind.Purchase;
        }

        p.Kind = kind;
        p.Hold = kind is Kind.Reversal or Kind.Clearing or Kind.Incremental ? active : null;
        if (p.Hold is not null)
        {
            // Follow-ups go on the card the hold was authorized on: an account may have two cards, and the
            // authorizer rightly refuses to match a reversal presented with the other one.
            card = _cards[p.Hold.CardIndex];
            p.Card = card;
        }
        switch (kind)
        {
            case Kind.Purchase:
                p.Mti = 100;
                p.Mcc = (ushort)(rng.Next(4) switch { 0 => 5411, 1 => 5812, 2 => 5999, _ => 5541 });
                p.Amount = 100 + (long)(Math.Exp(rng.NextDouble() * 5.5) * 100);
                p.PartialAllowed = rng.NextDouble() < _options.PartialShare;
                break;
            case Kind.Ecommerce:
                p.Mti = 100;
                p.Mcc = 5999;
                p.Amount = 500 + rng.Next(30_000);
                break;
            case Kind.Atm:
                p.Mti = 200;
                p.Mcc = 6011;
                p.Amount = 2_000 * (1 + rng.Next(10));
                break;
            case Kind.Refund:
                p.Mti = 100;
                p.Mcc = 5411;
                p.Amount = 100 + rng.Next(5_000);
                break;
            case Kind.Balance:
                p.Mti = 100;
                p.Mcc = 5411;
                p.Amount = 0;
                break;
            case Kind.Incremental:
                p.Mti = 100;
                p.Mcc = p.Hold!.Mcc;
                p.Amount = 100 + rng.Next(3_000);
                break;
            case Kind.Reversal:
                p.Mti = 400;
                p.Mcc = p.Hold!.Mcc;
                p.Amount = p.Hold.Remaining >= 2 && rng.Next(10) < 3 ? p.Hold.Remaining / 2 : p.Hold.Remaining;
                break;
            default:
                // Clearing: tips at restaurants, a little less elsewhere, within the authorizer's tolerances.
                p.Mti = 220;
                p.Mcc = p.Hold!.Mcc;
                p.Amount = p.Hold.Mcc == 5812 ? p.Hold.Remaining + (p.Hold.Remaining * rng.Next(16) / 100) : p.Hold.Remaining - (p.Hold.Remaining * rng.Next(10) / 100);
                break;
        }

        p.Expected = account.Tainted || Oracle.NearWindowEdge(nowMicros) ? null : kind switch
        {
            Kind.Purchase or Kind.Ecommerce or Kind.Atm or Kind.Incremental => Oracle.Spend(card, kind, p.Amount, p.PartialAllowed, kind == Kind.Incremental, nowMicros),
            _ => "00",
        };
        if (p.Expected is null)
        {
            Interlocked.Increment(ref _unpredicted);
        }

        p.StanNumber = c.NextStan();
        if (!builder.Build(p, DateTime.UtcNow, _options.Emv))
        {
            Interlocked.Increment(ref _errors);
            account.Release();
            _pool.Enqueue(p);
            return;
        }

        lock (_sentByKind)
        {
            _sentByKind[kind] = _sentByKind.GetValueOrDefault(kind) + 1;
        }

        Interlocked.Increment(ref _sent);
        _timeline.Sent(Stopwatch.GetElapsedTime(_t0, intended).TotalSeconds);
        c.Send(p);
    }

    private void SendControl(SimConnection c, RequestBuilder builder, Kind kind)
    {
        var p = Rent();
        p.Kind = kind;
        p.IntendedTicks = Stopwatch.GetTimestamp();
        p.StanNumber = c.NextStan();
        lock (builder)
        {
            builder.Build(p, DateTime.UtcNow, false);
        }

        c.Send(p);
    }

    private void Echo()
    {
        if (!_generating)
        {
            return;
        }

        foreach (var c in _connections)
        {
            SendControl(c, _controlBuilders[c.Index], Kind.Echo);
        }
    }

    /// <summary>A response, on the connection's read loop.</summary>
    private void OnResponse(SimConnection c, Pending p, IsoMessage response)
    {
        var now = Stopwatch.GetTimestamp();
        var code = response.Get(IsoField.ResponseCode);
        Interlocked.Increment(ref _received);
        if (code.Length == 2)
        {
            Interlocked.Increment(ref _codes[CodeIndex(code)]);
        }

        _timeline.Received(Stopwatch.GetElapsedTime(_t0, now).TotalSeconds, (now - p.IntendedTicks) * 1_000_000.0 / Stopwatch.Frequency);
        if (p.Kind is Kind.SignOn or Kind.Echo)
        {
            return;
        }

        var account = p.Account;
        var rc = code.Length == 2 ? (char)code[0] + "" + (char)code[1] : "??";
        var kind = p.Kind == Kind.Repeat ? p.OriginalKind : p.Kind;
        if (rc == "91")
        {
            // Issuer unavailable (budget or overload): nothing was decided or changed; not a wrong answer.
            Interlocked.Increment(ref _unavailable);
        }
        else if (p.Kind != Kind.TimeoutReversal && p.Expected is not null && rc != p.Expected)
        {
            Interlocked.Increment(ref _mismatches);
            if (_mismatchSamples.Count < 100)
            {
                _mismatchSamples.Enqueue(new Mismatch(Terminal(c.Index), p.Stan, p.Mti.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), kind.ToString(), p.Expected, rc, p.Amount, account.Id, account.Posted, account.Held));
            }

            account.Tainted = true;
        }

        if (!account.Tainted)
        {
            ApplyToModel(p, kind, rc, response);
        }

        account.Release();
        if (!_generating || _options.Rate > 0)
        {
            return;
        }

        SendNew(c, ClosedLoopBuilder(c), ClosedLoopRandom(c), Stopwatch.GetTimestamp());
    }

    private void ApplyToModel(Pending p, Kind kind, string rc, IsoMessage response)
    {
        var account = p.Account;
        var card = p.Card;
        if (rc == "91")
        {
            // Nothing was decided: no hold, and the authorizer does not count it as a decline.
            return;
        }

        var approved = rc is "00" or "10";
        switch (kind)
        {
            case Kind.Purchase or Kind.Ecommerce or Kind.Atm:
                if (!approved)
                {
                    Oracle.Declined(card, p.NowMicros);
                    return;
                }

                var amount = rc == "10" && response.TryGetInt64(IsoField.AmountTransaction, out var partial) ? partial : p.Amount;
                Oracle.Approved(card, kind, amount, incremental: false, p.NowMicros);
                var single = kind == Kind.Atm;
                if (single)
                {
                    account.Posted -= amount;
                }
                else
                {
                    account.Held += amount;
                }

                var hold = new HoldModel
                {
                    CardIndex = card.Index,
                    Mti = p.Mti,
                    Stan = p.Stan,
                    TransmissionDateTime = p.TransmissionDateTime,
                    Terminal = "",
                    Rrn = p.Rrn,
                    Remaining = amount,
                    Authorized = amount,
                    SingleMessage = single,
                    Mcc = p.Mcc,
                };
                account.Holds.Add(hold);
                if (!single && Random.Shared.NextDouble() < _options.ClearingShare)
                {
                    account.PendingClearing = hold;
                }

                break;
            case Kind.Incremental:
                if (!approved)
                {
                    Oracle.Declined(card, p.NowMicros);
                    return;
                }

                Oracle.Approved(card, kind, p.Amount, incremental: true, p.NowMicros);
                p.Hold!.Remaining += p.Amount;
                p.Hold.Authorized += p.Amount;
                account.Held += p.Amount;
                break;
            case Kind.Reversal:
                if (p.Hold!.SingleMessage)
                {
                    account.Posted += p.Amount;
                }
                else
                {
                    account.Held -= p.Amount;
                }

                Oracle.Released(card, p.Hold.SingleMessage, p.Amount, p.NowMicros);
                p.Hold.Remaining -= p.Amount;
                if (p.Hold.Remaining <= 0)
                {
                    account.Holds.Remove(p.Hold);
                }

                break;
            case Kind.Clearing:
                account.Posted -= p.Amount;
                account.Held -= p.Hold!.Remaining;
                account.Holds.Remove(p.Hold);
                break;
            default:
                break;
        }
    }

    /// <summary>Times out requests in send order; a timed-out request gets a repeat or a timeout reversal.</summary>
    private void ScanTimeouts()
    {
        var rng = new Random(_options.Seed + 7);
        var builders = _connections.Select(c => new RequestBuilder(_codec, _framing, Terminal(c.Index))).ToArray();
        while (!_stopScanner)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var c in _connections)
            {
                while (c.SentOrder.TryPeek(out var p))
                {
                    var state = Volatile.Read(ref p.Completed);
                    if (state == 2)
                    {
                        c.SentOrder.TryDequeue(out _);
                        Recycle(p);
                        continue;
                    }

                    // 1: the read loop is handling its response right now; it is done in a moment.
                    if (state == 1 || now - p.SentTicks < _timeoutTicks || Interlocked.CompareExchange(ref p.Completed, 1, 0) != 0)
                    {
                        break;
                    }

                    c.SentOrder.TryDequeue(out _);
                    c.Forget(p);
                    Interlocked.Increment(ref _timeouts);
                    if (p.Kind is not (Kind.SignOn or Kind.Echo))
                    {
                        FollowUp(c, builders[c.Index], rng, p);
                    }

                    Recycle(p);
                }
            }

            Thread.Sleep(5);
        }

        foreach (var b in builders)
        {
            b.Dispose();
        }
    }

    private void FollowUp(SimConnection c, RequestBuilder builder, Random rng, Pending timedOut)
    {
        var account = timedOut.Account;
        account.Tainted = true;
        if (timedOut.Kind is Kind.TimeoutReversal or Kind.Reversal or Kind.Clearing)
        {
            // A follow-up that timed out too: give up on this account's model.
            account.Release();
            return;
        }

        var next = Rent();
        next.Card = timedOut.Card;
        next.Mcc = timedOut.Mcc;
        next.IntendedTicks = Stopwatch.GetTimestamp();
        next.NowMicros = timedOut.NowMicros;
        next.OriginalKind = timedOut.Kind == Kind.Repeat ? timedOut.OriginalKind : timedOut.Kind;
        next.OriginalMti = timedOut.Kind == Kind.Repeat ? timedOut.OriginalMti : timedOut.Mti;
        next.OriginalStan = timedOut.Stan;
        next.OriginalTransmission = timedOut.TransmissionDateTime;
        next.OriginalAmount = timedOut.Amount;
        next.Amount = timedOut.Amount;
        next.Hold = timedOut.Hold;
        if (timedOut.Kind != Kind.Repeat && rng.NextDouble() < _options.RepeatShare && timedOut.Mti is 100 or 200)
        {
            // The same request again, as a repeat (x01) with the original's keys.
            next.Kind = Kind.Repeat;
            next.Mti = timedOut.Mti + 1;
            next.StanNumber = timedOut.StanNumber;
            next.Stan = timedOut.Stan;
            next.TransmissionDateTime = timedOut.TransmissionDateTime;
            next.Rrn = timedOut.Rrn;
            next.PartialAllowed = timedOut.PartialAllowed;
            next.KeepKeys = true;
        }
        else
        {
            next.Kind = Kind.TimeoutReversal;
            next.Mti = 420;
            next.StanNumber = c.NextStan();
        }

        if (!builder.Build(next, DateTime.UtcNow, _options.Emv))
        {
            account.Release();
            Recycle(next);
            return;
        }

        Interlocked.Increment(ref _sent);
        c.Resend(next);
    }

    private void Recycle(Pending p)
    {
        p.Reset();
        _pool.Enqueue(p);
    }

    private static int CodeIndex(ReadOnlySpan<byte> code) => (Digit36(code[0]) * 36) + Digit36(code[1]);

    private static int Digit36(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'Z' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 10,
        _ => 0,
    };

    private static string CodeName(int index)
    {
        const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return new string([Alphabet[index / 36], Alphabet[index % 36]]);
    }

    private SimReport BuildReport(double elapsed)
    {
        var latency = new LatencyHistogram();
        foreach (var c in _connections)
        {
            latency.Merge(c.Latency);
        }

        var codes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _codes.Length; i++)
        {
            if (_codes[i] > 0)
            {
                codes[CodeName(i)] = _codes[i];
            }
        }

        return new SimReport
        {
            OfferedRate = _options.Rate,
            AchievedTps = elapsed > 0 ? Math.Round(_received / elapsed, 1) : 0,
            DurationS = Math.Round(elapsed, 3),
            Sent = _sent,
            Received = _received,
            Timeouts = _timeouts,
            Errors = _errors,
            Mismatches = _mismatches,
            ByResponseCode = codes,
            LatencyUs = LatencySummary.From(latency),
            ThroughputTimeline = _timeline.Points(),
            Connections = _options.Connections,
            Inflight = _options.Inflight,
            Unpredicted = _unpredicted,
            Unavailable = _unavailable,
            Skipped = _skipped,
            Late = _connections.Sum(c => c.Late),
            Unknown = _connections.Sum(c => c.Unknown),
            SentByKind = _sentByKind.ToDictionary(k => k.Key.ToString().ToLowerInvariant(), k => k.Value),
            MismatchSamples = [.. _mismatchSamples],
            LatencyBuckets = [.. latency.Buckets().Select(b => new[] { b.UpperBound, b.Count })],
        };
    }
}
