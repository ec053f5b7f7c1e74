namespace Baas.Payments.Ach;

/// <summary>Service class code of a batch: which kinds of entries it may hold.</summary>
public enum ServiceClass
{
    /// <summary>200: debits and credits.</summary>
    Mixed = 200,

    /// <summary>220: credits only.</summary>
    CreditsOnly = 220,

    /// <summary>225: debits only.</summary>
    DebitsOnly = 225,

    /// <summary>280: automated accounting advices (ADV).</summary>
    AutomatedAccountingAdvices = 280,
}
