using System.Text;
using Baas.Compliance.Filing;
using static Baas.Compliance.Tests.Filing.FilingSamples;

namespace Baas.Compliance.Tests.Filing;

public class FincenAcknowledgementTests
{
    // The layout FinCEN returns for an accepted batch: the acknowledgement numbers its own elements.
    private const string Acknowledgement = """
        <?xml version="1.0" encoding="UTF-8"?>
        <EFilingBatchXML StatusCode="A" SeqNum="1">
          <EFilingSubmissionXML StatusCode="A" SeqNum="2">
            <EFilingActivityXML SeqNum="3">
              <BSAID>31000012345671</BSAID>
              <EFilingActivityErrorXML SeqNum="4">
                <ErrorContextText>EFilingBatchXML/Activity[1]/Party[20]/Address[22]/RawZIPCode</ErrorContextText>
                <ErrorElementNameText>RawZIPCode</ErrorElementNameText>
                <ErrorLevelText>WARN</ErrorLevelText>
                <ErrorText>The ZIP Code is not valid for the state.</ErrorText>
                <ErrorTypeCode>F18</ErrorTypeCode>
              </EFilingActivityErrorXML>
            </EFilingActivityXML>
            <EFilingActivityXML SeqNum="5">
              <BSAID>31000012345672</BSAID>
              <EFilingActivityErrorXML SeqNum="6"/>
            </EFilingActivityXML>
            <EFilingActivityXML SeqNum="7">
              <BSAID>31000012345673</BSAID>
              <EFilingActivityErrorXML SeqNum="8">
                <ErrorContextText>EFilingBatchXML/Activity[70]/Party[101]/PartyName[102]/RawIndividualFirstName</ErrorContextText>
                <ErrorElementNameText>RawIndividualFirstName</ErrorElementNameText>
                <ErrorLevelText>WARN</ErrorLevelText>
                <ErrorText>The first name is not recorded and unknown is not indicated.</ErrorText>
                <ErrorTypeCode>C4</ErrorTypeCode>
              </EFilingActivityErrorXML>
              <EFilingActivityErrorXML SeqNum="9">
                <ErrorContextText>EFilingBatchXML/Activity[70]/Party[101]/PartyIdentification[104]/PartyIdentificationNumberText</ErrorContextText>
                <ErrorElementNameText>PartyIdentificationNumberText</ErrorElementNameText>
                <ErrorLevelText>WARN</ErrorLevelText>
                <ErrorText>The TIN is an invalid number string.</ErrorText>
                <ErrorTypeCode>C21</ErrorTypeCode>
              </EFilingActivityErrorXML>
            </EFilingActivityXML>
          </EFilingSubmissionXML>
        </EFilingBatchXML>
        """;

    [Fact]
    public void Each_activity_gets_its_BSA_ID_and_its_warnings()
    {
        var ack = Parse(Acknowledgement);

        Assert.Equal("A", ack.BatchStatusCode);
        Assert.Equal("A", ack.SubmissionStatusCode);
        Assert.Equal(["31000012345671", "31000012345672", "31000012345673"], ack.Activities.Select(a => a.BsaId));
        Assert.Equal([3L, 5L, 7L], ack.Activities.Select(a => a.SeqNum));
        Assert.Equal([0, 1, 2], ack.Activities.Select(a => a.Position));
        Assert.All(ack.Activities, a => Assert.True(a.Accepted));
        Assert.Equal([1, 0, 2], ack.Activities.Select(a => a.Errors.Count));

        var warning = ack.Activities[0].Errors[0];
        Assert.True(warning.IsWarning);
        Assert.Equal("F18", warning.TypeCode);
        Assert.Equal("WARN", warning.Level);
        Assert.Equal("RawZIPCode", warning.ElementName);
        Assert.Equal("The ZIP Code is not valid for the state.", warning.Text);
        Assert.Equal("EFilingBatchXML/Activity[1]/Party[20]/Address[22]/RawZIPCode", warning.Context);
        Assert.Equal(["C4", "C21"], ack.Activities[2].Errors.Select(e => e.TypeCode));
    }

    [Fact]
    public void An_activity_with_an_error_that_is_not_a_warning_or_without_a_BSA_ID_is_rejected()
    {
        var ack = Parse("""
            <EFilingBatchXML StatusCode="A" SeqNum="1">
              <EFilingSubmissionXML StatusCode="A" SeqNum="2">
                <EFilingActivityXML SeqNum="3">
                  <BSAID>31000012345671</BSAID>
                  <EFilingActivityErrorXML SeqNum="4">
                    <ErrorLevelText>FATAL</ErrorLevelText>
                    <ErrorText>The element is required.</ErrorText>
                    <ErrorTypeCode>A1</ErrorTypeCode>
                  </EFilingActivityErrorXML>
                </EFilingActivityXML>
                <EFilingActivityXML SeqNum="5">
                  <BSAID></BSAID>
                </EFilingActivityXML>
                <EFilingActivityXML SeqNum="6">
                  <BSAID>31000012345673</BSAID>
                </EFilingActivityXML>
              </EFilingSubmissionXML>
            </EFilingBatchXML>
            """);

        Assert.Equal([false, false, true], ack.Activities.Select(a => a.Accepted));
        Assert.False(ack.Activities[0].Errors[0].IsWarning);
        Assert.Null(ack.Activities[1].BsaId);
    }

    [Fact]
    public void A_rejected_batch_accepts_no_activity()
    {
        var ack = Parse(Acknowledgement.Replace("<EFilingSubmissionXML StatusCode=\"A\"", "<EFilingSubmissionXML StatusCode=\"R\"", StringComparison.Ordinal));

        Assert.Equal("R", ack.SubmissionStatusCode);
        Assert.All(ack.Activities, a => Assert.False(a.Accepted));
    }

    [Fact]
    public void A_namespaced_acknowledgement_reads_the_same()
    {
        var namespaced = Acknowledgement
            .Replace("<EFilingBatchXML ", "<fc2:EFilingBatchXML xmlns:fc2=\"www.fincen.gov/base\" ", StringComparison.Ordinal)
            .Replace("</EFilingBatchXML>", "</fc2:EFilingBatchXML>", StringComparison.Ordinal);

        Assert.Equal(Parse(Acknowledgement).Activities.Select(a => a.BsaId), Parse(namespaced).Activities.Select(a => a.BsaId));
    }

    [Fact]
    public void The_acknowledgement_of_a_written_batch_gives_each_filing_its_BSA_ID_by_order()
    {
        var (_, summary) = WriteSar(Sar("SAR-A"), Sar("SAR-B"), Sar("SAR-C"));

        var filings = Parse(Acknowledgement).Match(summary);

        Assert.Equal(["SAR-A", "SAR-B", "SAR-C"], filings.Select(f => f.FilingId));
        Assert.Equal(summary.Activities.Select(a => a.SeqNum), filings.Select(f => f.BatchSeqNum));
        Assert.Equal(["31000012345671", "31000012345672", "31000012345673"], filings.Select(f => f.Acknowledgement.BsaId));
    }

    [Fact]
    public void An_acknowledgement_of_another_batch_does_not_match()
    {
        var (_, summary) = WriteSar(Sar("SAR-A"), Sar("SAR-B"));

        var e = Assert.Throws<InvalidDataException>(() => Parse(Acknowledgement).Match(summary));

        Assert.Contains("3 activities", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not XML", "not well-formed" },
        { "truncated", "not well-formed" },
        { "another root", "root element" },
        { "a filing batch", "filing batch" },
        { "no submission", "no EFilingSubmissionXML" },
        { "SeqNum not a number", "SeqNum" },
        { "BSAID not 14 digits", "BSAID" },
        { "a DTD", "not well-formed" },
        { "empty", "not well-formed" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_acknowledgement_throws_InvalidDataException_saying_why(string @case, string why)
    {
        var text = @case switch
        {
            "not XML" => "BSAID,31000012345671\n",
            "truncated" => Acknowledgement[..(Acknowledgement.Length / 2)],
            "another root" => "<Acknowledgement><BSAID>31000012345671</BSAID></Acknowledgement>",
            "a filing batch" => WriteSar(Sar("SAR-A")).Xml,
            "no submission" => "<EFilingBatchXML StatusCode=\"A\" SeqNum=\"1\"/>",
            "SeqNum not a number" => Acknowledgement.Replace("<EFilingActivityXML SeqNum=\"5\">", "<EFilingActivityXML SeqNum=\"five\">", StringComparison.Ordinal),
            "BSAID not 14 digits" => Acknowledgement.Replace("31000012345672", "3100001234567X", StringComparison.Ordinal),
            "a DTD" => "<!DOCTYPE EFilingBatchXML [<!ENTITY x \"y\">]>" + Acknowledgement[(Acknowledgement.IndexOf('\n', StringComparison.Ordinal) + 1)..],
            "empty" => string.Empty,
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        var e = Assert.Throws<InvalidDataException>(() => Parse(text));

        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    private static FincenAcknowledgement Parse(string xml)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        return FincenAcknowledgement.Parse(stream);
    }
}
