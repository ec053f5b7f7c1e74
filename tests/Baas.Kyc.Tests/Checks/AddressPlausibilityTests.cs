using Baas.Kyc.Checks;

namespace Baas.Kyc.Tests.Checks;

/// <summary>Accepted and refused addresses: PO boxes, rural routes, military mail, placeholders, ZIP and postcode formats.</summary>
public sealed class AddressPlausibilityTests
{
    private static PostalAddress Us(string line1, string city = "Springfield", string state = "IL", string zip = "62701", string? line2 = null) =>
        new(line1, line2, city, state, zip, "US");

    [Theory]
    [InlineData("123 Main St")]
    [InlineData("12B Baker St")]
    [InlineData("221 1/2 Elm St")]
    [InlineData("221½ Elm St")]
    [InlineData("12-14 High St")]
    [InlineData("7 1st Ave")]
    [InlineData("123 Boxwood Ln")]
    [InlineData("45 Pobox Street")]
    [InlineData("12 Box Elder Rd")]
    [InlineData("500 Postal Way")]
    [InlineData("77 Lockwood Dr")]
    [InlineData("9 Boxer Ct")]
    [InlineData("1 Sandbox Rd")]
    [InlineData("88 Post Office Rd")]
    [InlineData("3 Deliverance Way")]
    [InlineData("12, Main Street")]
    [InlineData("1600 W Fake-Hollow Rd")]
    [InlineData("4 Testament Ave")]
    [InlineData("2100 Street Rd")]
    [InlineData("1 Sample Rd")]
    public void Street_addresses_are_accepted(string line1) => Assert.Null(AddressPlausibility.Check(Us(line1)));

    [Theory]
    [InlineData("Apt 4B")]
    [InlineData("#4")]
    [InlineData("Suite 200")]
    [InlineData("Unit 7")]
    [InlineData("Floor 3")]
    public void Unit_lines_are_accepted(string line2) => Assert.Null(AddressPlausibility.Check(Us("123 Main St", line2: line2)));

    [Theory]
    [InlineData("1600 Pennsylvania Ave NW", "Washington", "DC", "20500")]
    [InlineData("350 5th Ave", "New York", "NY", "10118")]
    [InlineData("123-45 Queens Blvd", "Forest Hills", "NY", "11375")]
    [InlineData("1 Infinite Loop", "Cupertino", "CA", "95014")]
    [InlineData("1 Infinite Loop", "Cupertino", "ca", "95014-2083")]
    [InlineData("100 Congress Ave", "Austin", "TX", "73301")]
    [InlineData("500 N Mesa St", "El Paso", "TX", "88510")]
    [InlineData("200 E 5th St", "Tulsa", "OK", "74103")]
    [InlineData("1 Harbor Dr", "Anchorage", "AK", "99501")]
    [InlineData("2 Aloha Tower Dr", "Honolulu", "HI", "96813")]
    [InlineData("10 Fishers Way", "Fishers Island", "NY", "06390")]
    [InlineData("12 Shore Rd", "Andover", "MA", "05501")]
    [InlineData("4 Elm St", "Burlington", "VT", "05401")]
    [InlineData("9 Bay St", "Portland", "ME", "04101")]
    [InlineData("1 Ocean Dr", "Miami", "FL", "33139")]
    [InlineData("8 Gulf Blvd", "Naples", "FL", "34102")]
    [InlineData("5 Dulles Way", "Dulles", "VA", "20166")]
    [InlineData("100 Calle Fortaleza", "San Juan", "PR", "00901")]
    [InlineData("2 Dronningens Gade", "St Thomas", "VI", "00802")]
    [InlineData("123 Marine Corps Dr", "Tamuning", "GU", "96913")]
    [InlineData("1 Beach Rd", "Saipan", "MP", "96950")]
    [InlineData("4 Main Rd", "Pago Pago", "AS", "96799")]
    public void Us_states_and_territories_with_matching_zips_are_accepted(string line1, string city, string state, string zip) =>
        Assert.Null(AddressPlausibility.Check(Us(line1, city, state, zip)));

    [Theory]
    [InlineData("PR", "")]
    [InlineData("PR", "PR")]
    [InlineData("GU", "")]
    [InlineData("VI", "VI")]
    public void Territories_may_be_the_country(string country, string state)
    {
        var (zip, city) = country switch
        {
            "PR" => ("00901", "San Juan"),
            "GU" => ("96913", "Tamuning"),
            _ => ("00802", "St Thomas"),
        };
        Assert.Null(AddressPlausibility.Check(new PostalAddress("100 Calle Luna", null, city, state, zip, country)));
    }

    [Fact]
    public void A_territory_country_with_another_state_is_refused()
    {
        var failure = AddressPlausibility.Check(new PostalAddress("100 Calle Luna", null, "San Juan", "NY", "00901", "PR"));
        Assert.Equal("address.state", failure?.Field);
    }

    [Theory]
    [InlineData("RR 2 Box 152")]
    [InlineData("rr 2 box 152")]
    [InlineData("R.R. 4 Box 77")]
    [InlineData("Rural Route 2 Box 10")]
    [InlineData("RFD 3 Box 9")]
    [InlineData("R.F.D. 3 Box 9A")]
    [InlineData("HC 1 Box 5")]
    [InlineData("Highway Contract 1 Box 5")]
    [InlineData("Star Route 1 Box 12")]
    public void Rural_routes_are_accepted(string line1) =>
        Assert.Null(AddressPlausibility.Check(Us(line1, "Ellsworth", "ME", "04605")));

    [Theory]
    [InlineData("PSC 1234 Box 5678", "APO", "AE", "09012")]
    [InlineData("Unit 2050 Box 4190", "APO", "AP", "96278")]
    [InlineData("CMR 450 Box 12", "APO", "AE", "09005")]
    [InlineData("USNS Comfort", "FPO", "AA", "34055")]
    [InlineData("USS Nimitz (CVN 68)", "FPO", "AP", "96620")]
    [InlineData("USS Gerald R. Ford (CVN-78)", "FPO", "AE", "09532")]
    [InlineData("Unit 8400 Box 1", "DPO", "AE", "09498")]
    [InlineData("PSC 1234 Box 5678", "apo", "ae", "09012-1234")]
    public void Military_addresses_are_accepted(string line1, string city, string state, string zip) =>
        Assert.Null(AddressPlausibility.Check(Us(line1, city, state, zip)));

    [Theory]
    [InlineData("PO Box 12")]
    [InlineData("P.O. Box 12")]
    [InlineData("P O Box 12")]
    [InlineData("P. O. Box 12")]
    [InlineData("po box 12")]
    [InlineData("PO BOX 12")]
    [InlineData("POBox 12")]
    [InlineData("PO Box #12")]
    [InlineData("PO Box No. 5")]
    [InlineData("P.O. Box")]
    [InlineData("PO Box")]
    [InlineData("Post Office Box 12")]
    [InlineData("post office box 12")]
    [InlineData("POB 12")]
    [InlineData("P.O.B. 12")]
    [InlineData("Box 123")]
    [InlineData("box #4")]
    [InlineData("Postal Box 5")]
    [InlineData("Post Box 5")]
    [InlineData("Lock Box 7")]
    [InlineData("Lockbox 7")]
    [InlineData("123 Main St Box 5")]
    [InlineData("Postfach 1234")]
    public void Po_boxes_in_line1_are_refused(string line1)
    {
        var failure = AddressPlausibility.Check(Us(line1));
        Assert.NotNull(failure);
        Assert.Equal(AddressPlausibility.Cause, failure.Cause);
        Assert.Equal("address.line1", failure.Field);
        Assert.Equal("a PO box is not a residential address", failure.Message);
    }

    [Theory]
    [InlineData("PMB 123", "a private mailbox (PMB) is not a residential address")]
    [InlineData("123 Main St PMB 45", "a private mailbox (PMB) is not a residential address")]
    [InlineData("123 Main St #PMB 45", "a private mailbox (PMB) is not a residential address")]
    [InlineData("Private Mailbox 9", "a private mailbox (PMB) is not a residential address")]
    [InlineData("private mail box 9", "a private mailbox (PMB) is not a residential address")]
    [InlineData("General Delivery", "general delivery is not a residential address")]
    [InlineData("general delivery", "general delivery is not a residential address")]
    [InlineData("Poste Restante", "general delivery is not a residential address")]
    public void Mail_drops_and_general_delivery_are_refused(string line1, string message)
    {
        var failure = AddressPlausibility.Check(Us(line1));
        Assert.Equal(("address.line1", message), (failure?.Field, failure?.Message));
    }

    [Theory]
    [InlineData("PO Box 5")]
    [InlineData("P.O. Box 5")]
    [InlineData("Box 9")]
    [InlineData("PMB 22")]
    [InlineData("General Delivery")]
    public void Po_boxes_in_line2_are_refused(string line2)
    {
        var failure = AddressPlausibility.Check(Us("123 Main St", line2: line2));
        Assert.Equal("address.line2", failure?.Field);
        Assert.EndsWith("is not a residential address", failure?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("123 Fake St")]
    [InlineData("123 Fake Street")]
    [InlineData("1 Test Street")]
    [InlineData("1 test st")]
    [InlineData("N/A")]
    [InlineData("n.a.")]
    [InlineData("none")]
    [InlineData("unknown")]
    [InlineData("test")]
    [InlineData("TEST")]
    [InlineData("asdf")]
    [InlineData("xxx")]
    [InlineData("address")]
    [InlineData("street")]
    [InlineData("aaaa")]
    [InlineData("zzzzzz")]
    [InlineData("qwerty")]
    [InlineData("qwer")]
    [InlineData("fdsa")]
    [InlineData("hjkl")]
    [InlineData("12 Asdf Rd")]
    [InlineData("12 Zzzz St")]
    [InlineData("12 Qwerty Ln")]
    [InlineData("5 Dummy Rd")]
    [InlineData("12 Street")]
    public void Placeholder_lines_are_refused(string line1)
    {
        var failure = AddressPlausibility.Check(Us(line1));
        Assert.Equal("address.line1", failure?.Field);
        Assert.Contains("placeholder", failure?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Anytown")]
    [InlineData("anytown")]
    [InlineData("Any Town")]
    [InlineData("test")]
    [InlineData("City")]
    [InlineData("xxx")]
    [InlineData("asdf")]
    [InlineData("Unknown")]
    [InlineData("N/A")]
    [InlineData("zzzz")]
    public void Placeholder_cities_are_refused(string city)
    {
        var failure = AddressPlausibility.Check(Us("42 Oak Ave", city));
        Assert.Equal("address.city", failure?.Field);
    }

    [Fact]
    public void The_sample_address_123_Main_St_Anytown_is_refused()
    {
        var failure = AddressPlausibility.Check(Us("123 Main St", "Anytown", "NY", "10001"));
        Assert.NotNull(failure);
        Assert.Equal(AddressPlausibility.Cause, failure.Cause);
    }

    [Theory]
    [InlineData("10001", "CA", "ZIP codes starting 100 are not in CA")]
    [InlineData("90210", "NY", "ZIP codes starting 902 are not in NY")]
    [InlineData("60601", "TX", "ZIP codes starting 606 are not in TX")]
    [InlineData("73301", "OK", "ZIP codes starting 733 are not in OK")]
    [InlineData("34001", "FL", "ZIP codes starting 340 are not in FL")]
    [InlineData("09012", "NJ", "ZIP codes starting 090 are not in NJ")]
    [InlineData("00901", "NY", "ZIP codes starting 009 are not in NY")]
    public void Zip_codes_outside_the_state_are_refused(string zip, string state, string messageStart)
    {
        var failure = AddressPlausibility.Check(Us("42 Oak Ave", "Springfield", state, zip));
        Assert.Equal("address.postalCode", failure?.Field);
        Assert.StartsWith(messageStart, failure?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00000")]
    [InlineData("99999")]
    [InlineData("99999-1234")]
    [InlineData("1234")]
    [InlineData("123456")]
    [InlineData("12345-67")]
    [InlineData("12345 6789")]
    [InlineData("123456789")]
    [InlineData("ABCDE")]
    [InlineData("")]
    [InlineData("６２７０１")]
    public void Malformed_zip_codes_are_refused(string zip) =>
        Assert.Equal("address.postalCode", AddressPlausibility.Check(Us("42 Oak Ave", zip: zip))?.Field);

    [Theory]
    [InlineData("XX")]
    [InlineData("")]
    [InlineData("Texas")]
    [InlineData("I")]
    public void Unknown_states_are_refused(string state) =>
        Assert.Equal("address.state", AddressPlausibility.Check(Us("42 Oak Ave", state: state))?.Field);

    [Theory]
    [InlineData("PSC 1234 Box 5678", "APO", "NY", "09012", "address.state")]
    [InlineData("PSC 1234 Box 5678", "Miami", "AE", "09012", "address.city")]
    [InlineData("PSC 1234 Box 5678", "APO", "AE", "96201", "address.postalCode")]
    [InlineData("PSC 1234 Box 5678", "APO", "AA", "09012", "address.postalCode")]
    [InlineData("Unit 2050 Box 4190", "APO", "AP", "34001", "address.postalCode")]
    [InlineData("Unit 2050 Box 4190", "APO", "AP", "96701", "address.postalCode")]
    [InlineData("123 Main St", "APO", "AE", "09012", "address.line1")]
    [InlineData("PSC 1234 Box 5678", "Chicago", "IL", "60601", "address.city")]
    [InlineData("USS Nimitz (CVN 68)", "San Diego", "CA", "92101", "address.city")]
    public void Inconsistent_military_addresses_are_refused(string line1, string city, string state, string zip, string field) =>
        Assert.Equal(field, AddressPlausibility.Check(Us(line1, city, state, zip))?.Field);

    [Theory]
    [InlineData("Main Street")]
    [InlineData("Apt 4")]
    [InlineData("Oak Avenue 12")]
    [InlineData("One Main St")]
    [InlineData("1234567 Main St")]
    [InlineData("RR 2")]
    public void Us_line1_without_a_leading_house_number_is_refused(string line1)
    {
        var failure = AddressPlausibility.Check(Us(line1));
        Assert.Equal("address.line1", failure?.Field);
        Assert.Equal("line 1 of the address must start with a house number followed by the street name", failure?.Message);
    }

    [Theory]
    [InlineData("", null, "Springfield", "address.line1")]
    [InlineData("   ", null, "Springfield", "address.line1")]
    [InlineData("12345", null, "Springfield", "address.line1")]
    [InlineData("123 Main St", "---", "Springfield", "address.line2")]
    [InlineData("123 Main St", null, "", "address.city")]
    [InlineData("123 Main St", null, "12345", "address.city")]
    public void Empty_or_letterless_parts_are_refused(string line1, string? line2, string city, string field) =>
        Assert.Equal(field, AddressPlausibility.Check(Us(line1, city, line2: line2))?.Field);

    [Fact]
    public void Lines_over_100_characters_are_refused()
    {
        var street = "1 " + string.Concat(Enumerable.Repeat("Oakwood ", 13));
        Assert.Equal("address.line1", AddressPlausibility.Check(Us(street[..101]))?.Field);
        Assert.Equal("address.line2", AddressPlausibility.Check(Us("123 Main St", line2: "Apt " + new string('9', 97)))?.Field);
        Assert.Equal("address.city", AddressPlausibility.Check(Us("123 Main St", new string('m', 101)))?.Field);
        Assert.Null(AddressPlausibility.Check(Us(street[..100])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("us")]
    [InlineData("USA")]
    [InlineData("U")]
    [InlineData("XX")]
    [InlineData("ZZ")]
    [InlineData("UK")]
    [InlineData("XK")]
    [InlineData("U1")]
    public void Countries_must_be_assigned_uppercase_alpha2_codes(string country)
    {
        var failure = AddressPlausibility.Check(new PostalAddress("123 Main St", null, "Springfield", "IL", "62701", country));
        Assert.Equal("address.country", failure?.Field);
    }

    [Fact]
    public void The_country_list_is_the_249_assigned_codes() =>
        Assert.Equal((249, true, true, false, false), (CountryCodes.All.Count, CountryCodes.IsAssigned("US"), CountryCodes.IsAssigned("AX"), CountryCodes.IsAssigned("UK"), CountryCodes.IsAssigned("us")));

    public static TheoryData<string> ZipStates => new(UsZipPrefixes.States.Except(UsZipPrefixes.MilitaryStates));

    [Theory]
    [MemberData(nameof(ZipStates))]
    public void Every_state_accepts_a_zip_from_its_own_range_and_refuses_one_far_away(string state)
    {
        var own = Enumerable.Range(0, 1000).First(p => UsZipPrefixes.Matches(state, p));
        var foreign = Enumerable.Range(0, 1000).Select(p => (p + 500) % 1000).First(p => !UsZipPrefixes.Matches(state, p));
        Assert.Null(AddressPlausibility.Check(Us("42 Oak Ave", "Springfield", state, $"{own:000}01")));
        Assert.Equal("address.postalCode", AddressPlausibility.Check(Us("42 Oak Ave", "Springfield", state, $"{foreign:000}01"))?.Field);
    }

    [Theory]
    [InlineData("24 Sussex Dr", "Ottawa", "ON", "K1M 1M4", "CA")]
    [InlineData("24 Sussex Dr", "Ottawa", "ON", "k1m1m4", "CA")]
    [InlineData("1000 Rue Sherbrooke O", "Montréal", "QC", "H3A 3G4", "CA")]
    [InlineData("1 Water St", "St. John's", "NL", "A1C 1A1", "CA")]
    [InlineData("5 Main St", "Iqaluit", "NU", "X0A 0H0", "CA")]
    [InlineData("10 Downing Street", "London", "", "SW1A 2AA", "GB")]
    [InlineData("221B Baker Street", "London", "", "NW1 6XE", "GB")]
    [InlineData("1 Deansgate", "Manchester", "", "M3 1AZ", "GB")]
    [InlineData("2 Bootle Rd", "Bootle", "", "GIR 0AA", "GB")]
    [InlineData("Hauptstraße 5", "Berlin", "", "10115", "DE")]
    [InlineData("Unter den Linden 77", "Berlin", "", "10117", "DE")]
    [InlineData("5 Rue de Rivoli", "Paris", "", "75001", "FR")]
    [InlineData("Damrak 1", "Amsterdam", "", "1012 LG", "NL")]
    [InlineData("Keizersgracht 123 A", "Amsterdam", "", "1015CJ", "NL")]
    [InlineData("1 Macquarie St", "Sydney", "NSW", "2000", "AU")]
    [InlineData("12 MG Road", "Bengaluru", "KA", "560001", "IN")]
    [InlineData("Paseo de la Reforma 222", "Ciudad de México", "CDMX", "06600", "MX")]
    [InlineData("1-2-3 Shibuya", "Tokyo", "", "150-0002", "JP")]
    [InlineData("Calle Mayor, 12", "Madrid", "", "28013", "ES")]
    [InlineData("Avenida Paulista 1578", "São Paulo", "SP", "01310-200", "BR")]
    [InlineData("12 Main Street", "Galway", "", "", "IE")]
    [InlineData("Via Roma 10/B", "Torino", "TO", "10121", "IT")]
    [InlineData("RR 1 Box 5", "Wolfville", "NS", "B4P 2R1", "CA")]
    public void Foreign_addresses_in_their_own_formats_are_accepted(string line1, string city, string state, string postalCode, string country) =>
        Assert.Null(AddressPlausibility.Check(new PostalAddress(line1, null, city, state, postalCode, country)));

    [Theory]
    [InlineData("24 Sussex Dr", "ON", "K1A0B1X", "CA", "address.postalCode")]
    [InlineData("24 Sussex Dr", "ON", "123456", "CA", "address.postalCode")]
    [InlineData("24 Sussex Dr", "ON", "D1A 1A1", "CA", "address.postalCode")]
    [InlineData("24 Sussex Dr", "QC", "K1M 1M4", "CA", "address.postalCode")]
    [InlineData("24 Sussex Dr", "XX", "K1M 1M4", "CA", "address.state")]
    [InlineData("24 Sussex Dr", "", "K1M 1M4", "CA", "address.state")]
    [InlineData("10 Downing Street", "", "12345", "GB", "address.postalCode")]
    [InlineData("10 Downing Street", "", "SW1A 2A", "GB", "address.postalCode")]
    [InlineData("10 Downing Street", "", "QW1A 2AA", "GB", "address.postalCode")]
    [InlineData("10 Downing Street", "", "", "GB", "address.postalCode")]
    [InlineData("Hauptstraße 5", "", "1011", "DE", "address.postalCode")]
    [InlineData("Hauptstraße 5", "", "ABCDE", "DE", "address.postalCode")]
    [InlineData("5 Rue de Rivoli", "", "7500", "FR", "address.postalCode")]
    [InlineData("Damrak 1", "", "0123 AB", "NL", "address.postalCode")]
    [InlineData("Damrak 1", "", "1234", "NL", "address.postalCode")]
    [InlineData("1 Macquarie St", "NSW", "20000", "AU", "address.postalCode")]
    [InlineData("12 MG Road", "KA", "012345", "IN", "address.postalCode")]
    [InlineData("Paseo de la Reforma 222", "", "1234", "MX", "address.postalCode")]
    [InlineData("1-2-3 Shibuya", "", "12-34567", "JP", "address.postalCode")]
    [InlineData("Calle Mayor 12", "", "!!", "ES", "address.postalCode")]
    [InlineData("Calle Mayor 12", "", "A", "ES", "address.postalCode")]
    [InlineData("Calle Mayor 12", "", "1234567890123", "ES", "address.postalCode")]
    [InlineData("Calle Mayor", "", "28013", "ES", "address.line1")]
    public void Foreign_addresses_out_of_format_are_refused(string line1, string state, string postalCode, string country, string field) =>
        Assert.Equal(field, AddressPlausibility.Check(new PostalAddress(line1, null, "Somecity", state, postalCode, country))?.Field);

    [Fact]
    public void Null_members_from_deserialization_are_refused_not_thrown()
    {
        var failure = AddressPlausibility.Check(new PostalAddress(null!, null, null!, null!, null!, "US"));
        Assert.Equal("address.line1", failure?.Field);
    }
}
