using System.Security.Cryptography;
using Baas.Authorizer.State;
using Baas.Events;

namespace Baas.Authorizer.Engine;

/// <summary>
/// Index keys built the same way from a live request and from a logged event, so replay rebuilds exactly the
/// entries live processing wrote. Acquirer ids are compared as numbers (DE32 "123" and DE90's "00000000123"
/// match); STANs as six digits.
/// </summary>
internal static class Keys
{
    public static IndexKey Duplicate(int mti, ReadOnlySpan<byte> acquirer, ReadOnlySpan<byte> terminal, int stan, ReadOnlySpan<byte> transmission)
    {
        Span<byte> cls = stackalloc byte[3];
        Span<byte> stanText = stackalloc byte[6];
        Iso8583.Digits.TryWrite(mti / 10, cls);
        Iso8583.Digits.TryWrite(stan, stanText);
        return IndexKey.Create(IndexKind.Duplicate, cls, Trim(acquirer), terminal, stanText, transmission);
    }

    public static IndexKey Original(int originalMti, ReadOnlySpan<byte> acquirer, int stan, ReadOnlySpan<byte> transmission)
    {
        Span<byte> cls = stackalloc byte[3];
        Span<byte> stanText = stackalloc byte[6];
        Iso8583.Digits.TryWrite(originalMti / 10, cls);
        Iso8583.Digits.TryWrite(stan, stanText);
        return IndexKey.Create(IndexKind.Original, cls, Trim(acquirer), stanText, transmission);
    }

    public static IndexKey RrnCard(ReadOnlySpan<byte> rrn, in CardToken card) => IndexKey.Create(IndexKind.RrnCard, rrn, card.Span[..24]);

    public static IndexKey ApprovalCard(ReadOnlySpan<byte> approvalCode, in CardToken card) => IndexKey.Create(IndexKind.ApprovalCard, approvalCode, card.Span[..24]);

    public static IndexKey AccountId(ReadOnlySpan<byte> accountId) => IndexKey.Create(IndexKind.AccountId, accountId);

    public static IndexKey AccountId(string accountId) => AccountId(System.Text.Encoding.Latin1.GetBytes(accountId));

    public static IndexKey CardId(string cardId) => IndexKey.Create(IndexKind.CardId, System.Text.Encoding.Latin1.GetBytes(cardId));

    public static IndexKey Money(string accountId, string reference) => Pair(IndexKind.MoneyReference, accountId, reference);

    public static IndexKey Reservation(string accountId, string reference) => Pair(IndexKind.Reservation, accountId, reference);

    public static IndexKey Clearing(ReadOnlySpan<byte> reference) => IndexKey.Create(IndexKind.ClearingReference, reference);

    /// <summary>
    /// An account id and a reference (each up to 40 characters) in one key. A key holds 46 bytes and cuts the
    /// rest, so two long references with a common prefix would meet in one entry (the second credit taken for a
    /// retry of the first): when the two do not fit whole, a SHA-256 of both stands in for them. Account ids
    /// never start with '#', so the two forms cannot meet either.
    /// </summary>
    private static IndexKey Pair(IndexKind kind, string accountId, string reference)
    {
        var account = System.Text.Encoding.UTF8.GetBytes(accountId);
        var text = System.Text.Encoding.UTF8.GetBytes(reference);
        if (account.Length + text.Length + 2 <= IndexKey.Capacity)
        {
            return IndexKey.Create(kind, account, text);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(account);
        hash.AppendData([0]);
        hash.AppendData(text);
        hash.GetHashAndReset(digest);
        return IndexKey.Create(kind, "#"u8, digest);
    }

    /// <summary>Leading zeros off a numeric institution id.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> id)
    {
        var i = 0;
        while (i < id.Length - 1 && id[i] == (byte)'0')
        {
            i++;
        }

        return id[i..];
    }

    /// <summary>What a retransmission must repeat to be the same request: card, amount, processing code.</summary>
    public static long Fingerprint(in CardToken card, long amount, ReadOnlySpan<byte> processingCode)
    {
        var h = 14695981039346656037UL;
        foreach (var b in card.Span)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        for (var i = 0; i < 8; i++)
        {
            h = (h ^ (byte)(amount >> (i * 8))) * 1099511628211UL;
        }

        foreach (var b in processingCode)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return (long)h;
    }
}
