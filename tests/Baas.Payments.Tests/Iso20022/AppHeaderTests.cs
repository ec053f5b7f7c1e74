using Baas.Payments.Iso20022;

namespace Baas.Payments.Tests.Iso20022;

public sealed class AppHeaderTests
{
    [Fact]
    public void The_application_header_is_schema_valid_and_reads_back()
    {
        var header = new AppHeader
        {
            FromRoutingNumber = IsoSamples.DebtorBank,
            ToRoutingNumber = "021000021",
            BusinessMessageId = "MFedNow20260310000001",
            MessageDefinitionId = IsoNamespaces.Pacs008Id,
            BusinessService = "fednow",
            CreatedAt = IsoSamples.Created,
            PossibleDuplicate = true,
        };
        var xml = AppHeaderXml.WriteToString(header);

        Schemas.AssertValid(IsoNamespaces.Head001Id, xml);
        Assert.Equal(header, AppHeaderXml.Parse(xml));
        Assert.Equal("AppHdr/To", Assert.Throws<Iso20022FormatException>(() => AppHeaderXml.WriteToString(header with { ToRoutingNumber = "1" })).Path);
    }
}
