namespace Baas.Compliance.Filing;

/// <summary>The subject's role in the suspicious activity.</summary>
public enum SubjectRole
{
    /// <summary>Purchaser or sender of the instruments or products involved.</summary>
    PurchaserSender,

    /// <summary>Payee or receiver.</summary>
    PayeeReceiver,

    /// <summary>Both purchaser/sender and payee/receiver.</summary>
    Both,
}
