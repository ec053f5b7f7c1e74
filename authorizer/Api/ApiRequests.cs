using Baas.Events;

namespace Baas.Authorizer.Api;

public sealed record CreateProgramRequest(string? Id, string? Name, IReadOnlyList<string>? Bins, ProgramSettings? Settings);

public sealed record CreateAccountRequest(string? Id, string? ProgramId, string? Currency, long? OverdraftLimit);

public sealed record MoneyRequest(long? Amount, string? Reference, bool? Force, string? Method = null, string? Country = null, string? Counterparty = null);

public sealed record CreateCardRequest(string? Id, string? AccountId, string? Pan, string? Expiry, string? Type, string? State, CardControls? Controls, string? Cvv2, string? Pin)
{
    /// <summary>Never the PAN, CVV2 or PIN (the generated record printer would show them).</summary>
    public override string ToString() => $"CreateCardRequest {{ Id = {Id}, AccountId = {AccountId} }}";
}

public sealed record CardStateRequest(string? State, string? Reason);

public sealed record ReserveRequest(long? Amount, string? Reference, int? ExpiresInDays);

public sealed record ReleaseRequest(long? Amount, bool? Post, string? Reference);

public sealed record AccountStateRequest(string? State, string? CustomerStatus, string? Reason);

/// <summary>One line of a bulk import.</summary>
public sealed record ImportLine(
    string? Type,
    string? Id,
    string? Name,
    IReadOnlyList<string>? Bins,
    ProgramSettings? Settings,
    string? ProgramId,
    string? Currency,
    long? OverdraftLimit,
    string? AccountId,
    string? Pan,
    string? Expiry,
    string? CardType,
    string? State,
    CardControls? Controls,
    string? Cvv2,
    string? Pin,
    long? Amount,
    string? Reference)
{
    /// <summary>Never the PAN, CVV2 or PIN (the generated record printer would show them).</summary>
    public override string ToString() => $"ImportLine {{ Type = {Type}, Id = {Id}, AccountId = {AccountId} }}";
}

/// <summary>What went wrong with one line of an import.</summary>
public sealed record ImportError(int Line, string? Field, string Message);

/// <summary>The outcome of an import.</summary>
public sealed record ImportResult(int Lines, int Imported, int Failed, IReadOnlyList<ImportError> Errors);
