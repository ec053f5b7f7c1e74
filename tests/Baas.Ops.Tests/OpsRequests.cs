using System.Buffers;
using Baas.Authorizer.Tests.Harness;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Specs;

namespace Baas.Ops.Tests;

/// <summary>The few requests beyond <see cref="Requests"/> these tests send: network management, a malformed frame.</summary>
internal static class OpsRequests
{
    /// <summary>
    /// The framed bytes (binary2, ascii profile) of <paramref name="request"/> with letters in its amount (DE4): the MTI
    /// and DE11 stay readable, so the authorizer answers 30 and counts a format error.
    /// </summary>
    public static byte[] FrameWithBadAmount(IsoMessage request)
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.True(FrameFormat.Binary2.TryWrite(IsoCodec.For(Profiles.Resolve("ascii")), request, default, writer, out var error), "cannot pack: " + error);
        var bytes = writer.WrittenSpan.ToArray();

        // Length prefix (2), MTI (4), primary bitmap (16 hex), DE2 (LL + card number), DE3 (6), then DE4 (12).
        var at = 2 + 4 + 16 + 2 + request.GetString(IsoField.Pan)!.Length + 6;
        Assert.Equal(request.GetString(IsoField.AmountTransaction), System.Text.Encoding.ASCII.GetString(bytes, at, 12));
        "AMOUNTAMOUNT"u8.CopyTo(bytes.AsSpan(at));
        return bytes;
    }
}
