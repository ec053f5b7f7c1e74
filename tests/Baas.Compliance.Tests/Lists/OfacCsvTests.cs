using System.Text;
using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Tests.Lists;

public class OfacCsvTests
{
    [Fact]
    public void Quoted_fields_keep_commas_and_empty_values_are_minus_zero_minus()
    {
        var records = OfacCsv.Parse("173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");

        var r = Assert.Single(records);
        Assert.Equal(12, r.Length);
        Assert.Equal("173", r[0]);
        Assert.Equal("ANGLO-CARIBBEAN CO., LTD.", r[1]);
        Assert.Equal("", r[2]);
        Assert.Equal("CUBA", r[3]);
        Assert.Equal("", r[11]);
    }

    [Fact]
    public void CRLF_LF_and_CR_read_the_same_and_the_final_0x1A_line_is_skipped()
    {
        const string Lines = "1,\"A, B\",-0- \r\n2,\"C\",\"x\"\r\n\u001A";
        var crlf = OfacCsv.Parse(Lines);
        var lf = OfacCsv.Parse(Lines.Replace("\r\n", "\n", StringComparison.Ordinal));
        var cr = OfacCsv.Parse(Lines.Replace("\r\n", "\r", StringComparison.Ordinal));

        Assert.Equal(2, crlf.Count);
        Assert.Equal(crlf, lf);
        Assert.Equal(crlf, cr);
        Assert.Equal(["2", "C", "x"], crlf[1]);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_doubled_quotes_are_one_quote()
    {
        var records = OfacCsv.Parse("\r\n1,\"say \"\"hi\"\"\"\r\n\r\n2,-0-\n");

        Assert.Equal(2, records.Count);
        Assert.Equal("say \"hi\"", records[0][1]);
        Assert.Equal("", records[1][1]);
    }

    [Fact]
    public void A_quoted_remark_keeps_its_trailing_space_for_the_continuation()
    {
        // OFAC cuts remarks at 1,000 characters, sometimes right after a space.
        var records = OfacCsv.Parse("17250,\"Registration Number 1027700070518 \"\r\n");

        Assert.Equal("Registration Number 1027700070518 ", records[0][1]);
    }

    [Fact]
    public void Files_decode_as_UTF8_and_fall_back_to_Latin1()
    {
        Assert.Equal("José", OfacCsv.Decode(Encoding.UTF8.GetBytes("José")));
        Assert.Equal("José", OfacCsv.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("José")]));
        Assert.Equal("José", OfacCsv.Decode(Encoding.Latin1.GetBytes("José")));
    }
}
