namespace Baas.Kyc.Checks;

/// <summary>Checks that a date of birth is in the past, old enough, and not implausibly old.</summary>
/// <remarks>
/// Ages use exact birthday arithmetic. Someone born on 29 February has their birthday on 1 March in common years
/// (the reading of most statutes, e.g. the UK's and several US states'), so a person born 2008-02-29 turns 18 on
/// 2026-03-01, not on 2026-02-28. Messages never contain the date of birth.
/// </remarks>
public static class DateOfBirthCheck
{
    /// <summary>The cause recorded for every date-of-birth failure.</summary>
    public const string Cause = "date_of_birth_invalid";

    /// <summary>The oldest age accepted; anyone older is taken as a typing error.</summary>
    public const int MaximumAge = 120;

    private const string Field = "dateOfBirth";

    /// <summary>Returns null when the date is acceptable on <paramref name="today"/>, otherwise why not.</summary>
    public static CheckFailure? Check(DateOnly dateOfBirth, DateOnly today, int minimumAge = 18)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumAge);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumAge, MaximumAge);

        if (dateOfBirth > today)
        {
            return new CheckFailure(Cause, Field, "the date of birth is in the future");
        }

        var age = AgeOn(dateOfBirth, today);
        if (age < minimumAge)
        {
            return new CheckFailure(Cause, Field, $"the applicant must be at least {minimumAge} years old");
        }

        return age > MaximumAge
            ? new CheckFailure(Cause, Field, $"a date of birth more than {MaximumAge} years ago is not plausible")
            : null;
    }

    /// <summary>Completed years between <paramref name="dateOfBirth"/> and <paramref name="today"/> (29 February birthdays fall on 1 March in common years).</summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly today)
    {
        var age = today.Year - dateOfBirth.Year;
        return today < BirthdayIn(dateOfBirth, today.Year) ? age - 1 : age;
    }

    private static DateOnly BirthdayIn(DateOnly dateOfBirth, int year) =>
        dateOfBirth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, dateOfBirth.Month, dateOfBirth.Day);
}
