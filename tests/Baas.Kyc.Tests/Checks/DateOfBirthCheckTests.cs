using Baas.Kyc.Checks;

namespace Baas.Kyc.Tests.Checks;

/// <summary>Date-of-birth edges against a fixed today: the 18th birthday, the day before it, the future, 29 February, 120 years.</summary>
public sealed class DateOfBirthCheckTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    [Theory]
    [InlineData("2008-06-15")]
    [InlineData("2008-06-14")]
    [InlineData("1990-01-01")]
    [InlineData("1906-06-15")]
    [InlineData("1905-06-16")]
    public void Adults_up_to_120_are_accepted(string dateOfBirth) =>
        Assert.Null(DateOfBirthCheck.Check(DateOnly.Parse(dateOfBirth), Today));

    [Theory]
    [InlineData("2008-06-16", "the applicant must be at least 18 years old")]
    [InlineData("2026-06-15", "the applicant must be at least 18 years old")]
    [InlineData("2015-03-01", "the applicant must be at least 18 years old")]
    [InlineData("2026-06-16", "the date of birth is in the future")]
    [InlineData("2100-01-01", "the date of birth is in the future")]
    [InlineData("1905-06-15", "a date of birth more than 120 years ago is not plausible")]
    [InlineData("0001-01-01", "a date of birth more than 120 years ago is not plausible")]
    public void Minors_future_dates_and_the_implausibly_old_are_refused(string dateOfBirth, string message)
    {
        var failure = DateOfBirthCheck.Check(DateOnly.Parse(dateOfBirth), Today);
        Assert.Equal(new CheckFailure(DateOfBirthCheck.Cause, "dateOfBirth", message), failure);
        Assert.DoesNotContain(dateOfBirth, failure?.Message ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Seventeen_years_and_364_days_is_refused_and_the_next_day_accepted()
    {
        var birth = new DateOnly(2008, 6, 16);
        Assert.Equal(364, Today.DayNumber - birth.AddYears(17).DayNumber);
        Assert.NotNull(DateOfBirthCheck.Check(birth, Today));
        Assert.Null(DateOfBirthCheck.Check(birth, Today.AddDays(1)));
    }

    [Theory]
    [InlineData("2008-02-29", "2026-02-28", false)]
    [InlineData("2008-02-29", "2026-03-01", true)]
    [InlineData("2010-02-28", "2028-02-28", true)]
    [InlineData("2010-02-28", "2028-02-27", false)]
    [InlineData("2010-03-01", "2028-02-29", false)]
    [InlineData("2010-03-01", "2028-03-01", true)]
    [InlineData("2000-02-29", "2018-02-28", false)]
    [InlineData("2000-02-29", "2018-03-01", true)]
    public void Leap_day_births_come_of_age_on_1_March_in_common_years(string dateOfBirth, string today, bool accepted) =>
        Assert.Equal(accepted, DateOfBirthCheck.Check(DateOnly.Parse(dateOfBirth), DateOnly.Parse(today)) is null);

    [Theory]
    [InlineData("2004-02-29", "2024-02-29", 20)]
    [InlineData("2004-02-29", "2024-02-28", 19)]
    [InlineData("2004-02-29", "2025-02-28", 20)]
    [InlineData("2004-02-29", "2025-03-01", 21)]
    [InlineData("2000-12-31", "2001-01-01", 0)]
    [InlineData("2000-01-01", "2000-12-31", 0)]
    public void Ages_are_completed_years(string dateOfBirth, string today, int age) =>
        Assert.Equal(age, DateOfBirthCheck.AgeOn(DateOnly.Parse(dateOfBirth), DateOnly.Parse(today)));

    [Theory]
    [InlineData(21, "2005-06-16", false)]
    [InlineData(21, "2005-06-15", true)]
    [InlineData(16, "2010-06-15", true)]
    [InlineData(0, "2026-06-15", true)]
    public void The_minimum_age_is_a_parameter(int minimumAge, string dateOfBirth, bool accepted)
    {
        var failure = DateOfBirthCheck.Check(DateOnly.Parse(dateOfBirth), Today, minimumAge);
        Assert.Equal(accepted, failure is null);
        if (failure is not null)
        {
            Assert.Equal($"the applicant must be at least {minimumAge} years old", failure.Message);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(121)]
    public void An_impossible_minimum_age_is_a_programming_error(int minimumAge) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DateOfBirthCheck.Check(new DateOnly(1990, 1, 1), Today, minimumAge));
}
