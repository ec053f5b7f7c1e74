namespace Baas.Iso8583;

/// <summary>Names for the field numbers the authorizer and the switch-sim use.</summary>
public static class IsoField
{
    public const int Pan = 2;
    public const int ProcessingCode = 3;
    public const int AmountTransaction = 4;
    public const int AmountSettlement = 5;
    public const int AmountBilling = 6;
    public const int TransmissionDateTime = 7;
    public const int ConversionRateBilling = 10;
    public const int Stan = 11;
    public const int LocalTime = 12;
    public const int LocalDate = 13;
    public const int Expiry = 14;
    public const int SettlementDate = 15;
    public const int MerchantType = 18;
    public const int AcquirerCountry = 19;
    public const int PosEntryMode = 22;
    public const int CardSequenceNumber = 23;
    public const int PosConditionCode = 25;
    public const int AcquirerId = 32;
    public const int ForwarderId = 33;
    public const int Track2 = 35;
    public const int Rrn = 37;
    public const int ApprovalCode = 38;
    public const int ResponseCode = 39;
    public const int TerminalId = 41;
    public const int MerchantId = 42;
    public const int MerchantLocation = 43;
    public const int AdditionalResponseData = 44;
    public const int Track1 = 45;
    public const int AdditionalDataPrivate = 48;
    public const int CurrencyTransaction = 49;
    public const int CurrencySettlement = 50;
    public const int CurrencyBilling = 51;
    public const int PinData = 52;
    public const int SecurityControl = 53;
    public const int AdditionalAmounts = 54;
    public const int IccData = 55;
    public const int PosData = 60;
    public const int ReservedPrivate61 = 61;
    public const int ReservedPrivate62 = 62;
    public const int ReservedPrivate63 = 63;
    public const int Mac = 64;
    public const int NetworkManagementCode = 70;
    public const int OriginalDataElements = 90;
    public const int ReplacementAmounts = 95;
    public const int Mac2 = 128;
}
