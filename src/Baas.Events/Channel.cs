namespace Baas.Events;

/// <summary>How the card was presented, derived from the POS entry mode, condition code and merchant type.</summary>
public enum Channel : byte
{
    /// <summary>Not known.</summary>
    Unknown = 0,
    /// <summary>Chip (contact).</summary>
    Chip = 1,
    /// <summary>Contactless (chip or magnetic stripe emulation).</summary>
    Contactless = 2,
    /// <summary>Magnetic stripe.</summary>
    MagneticStripe = 3,
    /// <summary>Card not present: e-commerce or credential on file.</summary>
    Ecommerce = 4,
    /// <summary>Card not present: mail or telephone order, or keyed.</summary>
    Moto = 5,
    /// <summary>Automated teller machine.</summary>
    Atm = 6,
}

/// <summary>Names of channels for JSON and metrics.</summary>
public static class Channels
{
    /// <summary>The snake_case name.</summary>
    public static string Name(Channel channel) => channel switch
    {
        Channel.Chip => "chip",
        Channel.Contactless => "contactless",
        Channel.MagneticStripe => "magnetic_stripe",
        Channel.Ecommerce => "ecommerce",
        Channel.Moto => "moto",
        Channel.Atm => "atm",
        _ => "unknown",
    };
}
