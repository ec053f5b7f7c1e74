using System.CommandLine;
using Baas.Iso8583;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;

namespace Baas.Host.Cli;

/// <summary><c>baas demo</c>: for now, the codec on a typical authorization in every built-in profile.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var demo = new Command("demo", "Show the product working end to end.");
        demo.SetAction(_ => Run(Console.Out));
        return demo;
    }

    private static int Run(TextWriter output)
    {
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        var parsed = new IsoMessage();
        var buffer = new byte[2048];
        foreach (var spec in new[] { Profiles.Ascii, Profiles.Mixed, Profiles.Bcd, Profiles.BcdEbcdic })
        {
            var codec = IsoCodec.For(spec);
            if (!codec.TryPack(message, buffer, out var written, out var error))
            {
                output.WriteLine($"{spec.Name}: pack failed: {error}");
                return 1;
            }

            if (!codec.TryParse(buffer.AsSpan(0, written), parsed, out error))
            {
                output.WriteLine($"{spec.Name}: parse failed: {error}");
                return 1;
            }

            output.WriteLine($"== profile {spec.Name}: typical 0100, {written} bytes");
            output.WriteLine(Hex.ToString(buffer.AsSpan(0, written)));
            output.WriteLine(IsoJson.Write(parsed, spec));
            output.WriteLine();
        }

        return 0;
    }
}
