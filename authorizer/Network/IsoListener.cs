using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Specs;

namespace Baas.Authorizer.Network;

/// <summary>The codec and framing of the ISO listener, resolved once from the options.</summary>
public sealed class IsoListener
{
    public IsoListener(AuthorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Spec = Profiles.Resolve(options.Profile);
        Codec = IsoCodec.For(Spec);
        Framing = FrameFormat.Parse(options.Framing, options.HeaderBytes, options.MaxFrameBytes);
        Options = options;
    }

    public MessageSpec Spec { get; }

    public IsoCodec Codec { get; }

    public FrameFormat Framing { get; }

    public AuthorizerOptions Options { get; }
}
