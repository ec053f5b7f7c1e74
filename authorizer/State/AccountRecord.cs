using System.Runtime.InteropServices;
using Baas.Events;

namespace Baas.Authorizer.State;

/// <summary>An account in the FASTER store, keyed by its internal number: balances in minor units.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct AccountRecord
{
    public long AccountNo;
    public Text40 AccountId;
    public int ProgramNo;
    public ushort Currency;
    public AccountState State;
    public CustomerStatus CustomerStatus;
    public long Posted;
    public long Held;
    public long OverdraftLimit;
    public long ActiveHolds;

    /// <summary>The newest hold of the account; each hold links to the one before (<see cref="HoldRecord.PreviousHoldId"/>).</summary>
    public long LastHoldId;

    /// <summary>What can be spent: posted minus held plus the overdraft limit.</summary>
    public readonly long Available => Posted - Held + OverdraftLimit;
}
