namespace Baas.Payments.Calendar;

/// <summary>A Federal Reserve holiday: its name, its date, and the day the Fed is closed for it (null when not observed).</summary>
public sealed record Holiday(string Name, DateOnly Date, DateOnly? ObservedOn);
