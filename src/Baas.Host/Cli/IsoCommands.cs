using System.CommandLine;
using System.Text;
using System.Text.Json;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Specs;

namespace Baas.Host.Cli;

/// <summary><c>baas iso decode|encode|profile</c>: the codec on the command line.</summary>
internal static class IsoCommands
{
    /// <summary>Exit code for input the codec refuses.</summary>
    public const int BadInput = 2;

    public static Command Create()
    {
        var iso = new Command("iso", "Decode and encode ISO 8583 messages with a wire profile.");

        var profile = ProfileOption();
        var framing = FramingOption();
        var header = HeaderOption();
        var unmask = new Option<bool>("--unmask") { Description = "Show card numbers in full (DE2, and the PAN in DE34, DE35, DE45)." };
        var decode = new Command("decode", "Read hex on stdin (whitespace ignored), print the message as JSON.") { profile, framing, header, unmask };
        decode.SetAction(r => Decode(r.GetValue(profile)!, r.GetValue(framing)!, r.GetValue(header), r.GetValue(unmask), Console.In, Console.Out));

        var profile2 = ProfileOption();
        var framing2 = FramingOption();
        var header2 = HeaderOption();
        var encode = new Command("encode", "Read the JSON shape on stdin, print the message as upper-case hex.") { profile2, framing2, header2 };
        encode.SetAction(r => Encode(r.GetValue(profile2)!, r.GetValue(framing2)!, r.GetValue(header2), Console.In, Console.Out));

        var name = new Argument<string>("profile") { Description = "A built-in profile name or a JSON spec file." };
        var show = new Command("profile", "Print a profile as a JSON spec (a starting point for custom profiles).") { name };
        show.SetAction(r => ShowProfile(r.GetValue(name)!, Console.Out));

        iso.Subcommands.Add(decode);
        iso.Subcommands.Add(encode);
        iso.Subcommands.Add(show);
        return iso;
    }

    public static Option<string> ProfileOption() => new("--profile")
    {
        Description = "Wire profile: ascii, mixed, bcd, bcd-ebcdic, or a JSON spec file.",
        DefaultValueFactory = _ => "ascii",
    };

    private static Option<string> FramingOption() => new("--framing")
    {
        Description = "Length prefix: none, binary2 or ascii4.",
        DefaultValueFactory = _ => "none",
    };

    private static Option<int> HeaderOption() => new("--header-bytes")
    {
        Description = "Bytes of fixed header (a TPDU, say) between the length prefix and the MTI.",
        DefaultValueFactory = _ => 0,
    };

    internal static int Decode(string profileName, string framingName, int headerBytes, bool unmask, TextReader input, TextWriter output)
    {
        if (!TryResolve(profileName, framingName, headerBytes, output, out var spec, out var framing))
        {
            return BadInput;
        }

        var text = input.ReadToEnd();
        var hex = Encoding.ASCII.GetBytes(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
        var bytes = new byte[hex.Length / 2];
        if (!Hex.TryDecode(hex, bytes))
        {
            return Fail(output, 0, "input is not hex");
        }

        ReadOnlySpan<byte> body = bytes;
        ReadOnlySpan<byte> headerValue = default;
        if (framing.Kind != FrameKind.None)
        {
            if (bytes.Length < framing.PrefixLength || !framing.TryDecodePrefix(bytes.AsSpan(0, framing.PrefixLength), out var declared))
            {
                return Fail(output, 0, "bad frame length prefix");
            }

            if (declared != bytes.Length - framing.PrefixLength)
            {
                return Fail(output, 0, $"frame length prefix says {declared} bytes but {bytes.Length - framing.PrefixLength} follow");
            }

            body = body[framing.PrefixLength..];
        }

        if (body.Length < headerBytes)
        {
            return Fail(output, 0, "shorter than the header");
        }

        headerValue = body[..headerBytes];
        body = body[headerBytes..];

        var message = new IsoMessage();
        var codec = IsoCodec.For(spec);
        if (!codec.TryParse(body, message, out var error))
        {
            return Fail(output, error.Field, error.Description);
        }

        var json = IsoJson.Write(message, spec, unmask);
        if (headerBytes > 0)
        {
            json = "{\"header\":\"" + Hex.ToString(headerValue) + "\"," + json[1..];
        }

        output.WriteLine(json);
        return 0;
    }

    internal static int Encode(string profileName, string framingName, int headerBytes, TextReader input, TextWriter output)
    {
        if (!TryResolve(profileName, framingName, headerBytes, output, out var spec, out var framing))
        {
            return BadInput;
        }

        var json = input.ReadToEnd();
        var message = new IsoMessage();
        if (!IsoJson.TryRead(json, spec, message, out var field, out var reason))
        {
            return Fail(output, field, reason ?? "bad input");
        }

        var header = new byte[headerBytes];
        if (headerBytes > 0 && TryReadHeader(json, out var given))
        {
            given.AsSpan(0, Math.Min(given.Length, headerBytes)).CopyTo(header);
        }

        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        if (!framing.TryWrite(IsoCodec.For(spec), message, header, writer, out var error))
        {
            return Fail(output, error.Field, error.Description);
        }

        output.WriteLine(Hex.ToString(writer.WrittenSpan));
        return 0;
    }

    private static int ShowProfile(string name, TextWriter output)
    {
        try
        {
            output.WriteLine(ProfileJson.Write(Profiles.Resolve(name)));
            return 0;
        }
        catch (InvalidDataException e)
        {
            return Fail(output, 0, e.Message);
        }
    }

    private static bool TryReadHeader(string json, out byte[] header)
    {
        header = [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.TryGetProperty("header", out var h) && h.ValueKind == JsonValueKind.String)
            {
                header = Convert.FromHexString(h.GetString()!);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }

    private static bool TryResolve(string profileName, string framingName, int headerBytes, TextWriter output, out MessageSpec spec, out FrameFormat framing)
    {
        spec = null!;
        framing = FrameFormat.None;
        try
        {
            spec = Profiles.Resolve(profileName);
            framing = FrameFormat.Parse(framingName, headerBytes);
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            Fail(output, 0, e.Message);
            return false;
        }
    }

    private static int Fail(TextWriter output, int field, string reason)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteNumber("field", field);
            w.WriteString("reason", reason);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        return BadInput;
    }
}
