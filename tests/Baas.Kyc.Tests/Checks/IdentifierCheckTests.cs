using Baas.Kyc.Checks;

namespace Baas.Kyc.Tests.Checks;

/// <summary>SSN, ITIN, passport and national-id rules, normalisation and masks; no message ever carries the value.</summary>
public sealed class IdentifierCheckTests
{
    [Theory]
    [InlineData("123-45-6788")]
    [InlineData("123456788")]
    [InlineData("001-01-0001")]
    [InlineData("665-12-3456")]
    [InlineData("667-12-3456")]
    [InlineData("772-12-3456")]
    [InlineData("899-99-9998")]
    [InlineData(" 234-56-7890 ")]
    public void Valid_ssns_are_accepted(string value) =>
        Assert.Null(IdentifierCheck.Check(new PersonIdentifier("ssn", value), "US"));

    [Theory]
    [InlineData("000-12-3456", "an SSN cannot start with 000, 666 or 900-999")]
    [InlineData("666-12-3456", "an SSN cannot start with 000, 666 or 900-999")]
    [InlineData("900-12-3456", "an SSN cannot start with 000, 666 or 900-999")]
    [InlineData("999-12-3456", "an SSN cannot start with 000, 666 or 900-999")]
    [InlineData("123-00-4567", "an SSN's group number (digits 4-5) cannot be all zeros")]
    [InlineData("123-45-0000", "an SSN's serial number (last 4 digits) cannot be all zeros")]
    [InlineData("078-05-1120", "this SSN is a published sample or advertising number, not a real one")]
    [InlineData("219-09-9999", "this SSN is a published sample or advertising number, not a real one")]
    [InlineData("123-45-6789", "this SSN is a published sample or advertising number, not a real one")]
    [InlineData("123456789", "this SSN is a published sample or advertising number, not a real one")]
    [InlineData("457-55-5462", "this SSN is a published sample or advertising number, not a real one")]
    [InlineData("111-11-1111", "this SSN is a published sample or advertising number, not a real one")]
    [InlineData("222222222", "this SSN is a published sample or advertising number, not a real one")]
    [InlineData("888-88-8888", "this SSN is a published sample or advertising number, not a real one")]
    [InlineData("12345678", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("1234567890", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("123 45 6788", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("123-456-788", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("12-345-6788", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("123.45.6788", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("12345678a", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("abc-de-fghi", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("١٢٣٤٥٦٧٨٨", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    [InlineData("", "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN")]
    public void Invalid_ssns_are_refused_without_echoing_them(string value, string message)
    {
        var failure = IdentifierCheck.Check(new PersonIdentifier("ssn", value), "US");
        Assert.Equal(new CheckFailure(IdentifierCheck.Cause, "identifier.value", message), failure);
        AssertNoValue(value, message);
    }

    [Theory]
    [InlineData("912-50-1234")]
    [InlineData("912-65-1234")]
    [InlineData("912-70-1234")]
    [InlineData("912-88-1234")]
    [InlineData("912-90-1234")]
    [InlineData("912-92-1234")]
    [InlineData("912-94-1234")]
    [InlineData("912-99-1234")]
    [InlineData("912701234")]
    public void Valid_itins_are_accepted(string value) =>
        Assert.Null(IdentifierCheck.Check(new PersonIdentifier("itin", value), "MX"));

    [Theory]
    [InlineData("812-70-1234")]
    [InlineData("012-70-1234")]
    [InlineData("912-49-1234")]
    [InlineData("912-66-1234")]
    [InlineData("912-69-1234")]
    [InlineData("912-89-1234")]
    [InlineData("912-93-1234")]
    [InlineData("912-00-1234")]
    [InlineData("91270123")]
    [InlineData("912-70-12345")]
    [InlineData("9127O1234")]
    public void Invalid_itins_are_refused(string value)
    {
        var failure = IdentifierCheck.Check(new PersonIdentifier("itin", value), "MX");
        Assert.Equal("identifier.value", failure?.Field);
        AssertNoValue(value, failure?.Message ?? "");
    }

    [Fact]
    public void An_itin_for_a_us_national_is_refused_on_the_type() =>
        Assert.Equal("identifier.type", IdentifierCheck.Check(new PersonIdentifier("itin", "912-70-1234"), "US")?.Field);

    [Theory]
    [InlineData("X1234567", "GB", true)]
    [InlineData("123456", "FR", true)]
    [InlineData("AB12345C9", "DE", true)]
    [InlineData("ab 123 456", "CA", true)]
    [InlineData("A12345678", "US", true)]
    [InlineData("123456789", "US", true)]
    [InlineData("12345", "GB", false)]
    [InlineData("1234567890", "GB", false)]
    [InlineData("AB-12!", "GB", false)]
    [InlineData("000000", "GB", false)]
    [InlineData("ÄB12345", "DE", false)]
    [InlineData("X1234567", "US", false)]
    [InlineData("AB1234567", "US", false)]
    public void Passports_are_6_to_9_alphanumerics_and_9_for_us_nationals(string value, string nationality, bool accepted)
    {
        var failure = IdentifierCheck.Check(new PersonIdentifier("passport", value), nationality);
        Assert.Equal(accepted, failure is null);
        if (failure is not null)
        {
            Assert.Equal("identifier.value", failure.Field);
            AssertNoValue(value, failure.Message);
        }
    }

    [Theory]
    [InlineData("1234", true)]
    [InlineData("X1234567L", true)]
    [InlineData("12.345.678-9", true)]
    [InlineData("ABCDEFGHIJ0123456789", true)]
    [InlineData("123", false)]
    [InlineData("ABCDEFGHIJ01234567890", false)]
    [InlineData("12@34", false)]
    [InlineData("9999", false)]
    [InlineData("", false)]
    public void National_ids_are_4_to_20_alphanumerics(string value, bool accepted) =>
        Assert.Equal(accepted, IdentifierCheck.Check(new PersonIdentifier("national_id", value), "CL") is null);

    [Theory]
    [InlineData("drivers_license")]
    [InlineData("")]
    [InlineData("social")]
    [InlineData("123-45-6788")]
    public void Unknown_types_are_refused_on_the_type(string type)
    {
        var failure = IdentifierCheck.Check(new PersonIdentifier(type, "123-45-6788"), "US");
        Assert.Equal(new CheckFailure(IdentifierCheck.Cause, "identifier.type", "the identifier type must be ssn, itin, passport or national_id"), failure);
    }

    [Theory]
    [InlineData("SSN")]
    [InlineData(" ssn ")]
    public void Types_are_read_case_insensitively(string type) =>
        Assert.Null(IdentifierCheck.Check(new PersonIdentifier(type, "123-45-6788"), "US"));

    [Theory]
    [InlineData("ssn", "123-45-6789", "123456789")]
    [InlineData("ssn", "123456789", "123456789")]
    [InlineData("itin", "912-70-1234", "912701234")]
    [InlineData("passport", "ab 123-45c", "AB12345C")]
    [InlineData("national_id", "12.345.678-k", "12345678K")]
    [InlineData("PASSPORT", "x1234567", "X1234567")]
    public void Normalize_keeps_digits_or_uppercase_alphanumerics(string type, string value, string normalized) =>
        Assert.Equal(normalized, IdentifierCheck.Normalize(new PersonIdentifier(type, value)));

    [Theory]
    [InlineData("ssn", "123-45-6789", "***-**-6789")]
    [InlineData("ssn", "123456789", "***-**-6789")]
    [InlineData("itin", "912701234", "***-**-1234")]
    [InlineData("ssn", "12", "***-**-****")]
    [InlineData("ssn", "", "***-**-****")]
    [InlineData("passport", "X12345678", "*****5678")]
    [InlineData("passport", "x1234-5678", "*****5678")]
    [InlineData("passport", "12345678", "*****5678")]
    [InlineData("passport", "123456", "*****56")]
    [InlineData("national_id", "1234", "*****")]
    [InlineData("national_id", "ABCDEFGHIJ0123456789", "*****6789")]
    public void Masks_show_at_most_the_last_four(string type, string value, string mask) =>
        Assert.Equal(mask, IdentifierCheck.Mask(new PersonIdentifier(type, value)));

    private static void AssertNoValue(string value, string message)
    {
        var digits = new string(value.Where(char.IsAsciiLetterOrDigit).ToArray());
        if (digits.Length >= 4)
        {
            Assert.DoesNotContain(digits[^4..], message, StringComparison.OrdinalIgnoreCase);
        }

        if (value.Trim().Length >= 4)
        {
            Assert.DoesNotContain(value.Trim(), message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
