using System.Runtime.InteropServices;
using Baas.Events;

namespace Baas.Authorizer.State;

/// <summary>
/// A hold in the FASTER store, keyed by its id (the sequence of the event that created it): what was
/// authorized, what remains held, what has cleared, and how it is matched.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct HoldRecord
{
    public long HoldId;
    public long AccountNo;
    public CardToken Card;
    public HoldKind Kind;
    public HoldState State;
    public ushort Currency;
    public ushort Mcc;
    public bool PreAuthorization;
    public long Authorized;
    public long Remaining;
    public long Cleared;
    public long CreatedAt;
    public long ExpiresAt;
    public Text40 Rrn;
    public Text40 ApprovalCode;
    public Text40 Reference;

    /// <summary>The account's hold before this one (0 for the first).</summary>
    public long PreviousHoldId;
}
