using System.Globalization;
using System.Xml;

namespace Baas.Compliance.Filing;

/// <summary>
/// The acknowledgement FinCEN's BSA E-Filing System returns for an accepted batch: per activity the BSA ID it
/// assigned and any errors or warnings.
/// </summary>
/// <remarks>
/// <para>The format, as FinCEN's XML user guides show it and as FinCEN returns it to batch filers (moov-io/fincen's
/// sample acknowledgements follow the same layout; the namespace, if any, is ignored):</para>
/// <code>
/// &lt;EFilingBatchXML StatusCode="A" SeqNum="1"&gt;
///   &lt;EFilingSubmissionXML StatusCode="A" SeqNum="2"&gt;
///     &lt;EFilingActivityXML SeqNum="3"&gt;
///       &lt;BSAID&gt;31000000000001&lt;/BSAID&gt;
///       &lt;EFilingActivityErrorXML SeqNum="4"&gt;
///         &lt;ErrorContextText&gt;EFilingBatchXML/Activity[1]/Party[218]/Address[232]/RawZIPCode&lt;/ErrorContextText&gt;
///         &lt;ErrorElementNameText&gt;RawZIPCode&lt;/ErrorElementNameText&gt;
///         &lt;ErrorLevelText&gt;WARN&lt;/ErrorLevelText&gt;
///         &lt;ErrorText&gt;...&lt;/ErrorText&gt;
///         &lt;ErrorTypeCode&gt;F18&lt;/ErrorTypeCode&gt;
///       &lt;/EFilingActivityErrorXML&gt;
///     &lt;/EFilingActivityXML&gt;
///     ...
/// </code>
/// <para>An empty <c>EFilingActivityErrorXML</c> means no error. The acknowledgement's SeqNums are its own
/// numbering (they need not equal the batch's), so activities are matched to filings by order: the n-th
/// <c>EFilingActivityXML</c> answers the n-th <c>Activity</c> of the batch (<see cref="Match"/>).</para>
/// </remarks>
public sealed class FincenAcknowledgement
{
    private FincenAcknowledgement(string? batchStatusCode, string? submissionStatusCode, IReadOnlyList<AcknowledgedActivity> activities)
    {
        BatchStatusCode = batchStatusCode;
        SubmissionStatusCode = submissionStatusCode;
        Activities = activities;
    }

    /// <summary>The batch's <c>StatusCode</c> (<c>A</c>: accepted).</summary>
    public string? BatchStatusCode { get; }

    /// <summary>The submission's <c>StatusCode</c> (<c>A</c>: accepted).</summary>
    public string? SubmissionStatusCode { get; }

    /// <summary>The activities, in the order of the acknowledgement (which is the order of the batch).</summary>
    public IReadOnlyList<AcknowledgedActivity> Activities { get; }

    /// <summary>Reads an acknowledgement; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static FincenAcknowledgement Parse(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };

        try
        {
            using var reader = XmlReader.Create(input, settings);
            return Read(reader);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"The FinCEN acknowledgement is not well-formed XML (line {e.LineNumber}, position {e.LinePosition}).", e);
        }
    }

    /// <summary>
    /// Pairs our filings with FinCEN's answers by position; throws <see cref="InvalidDataException"/> when the
    /// acknowledgement does not answer exactly the batch's activities.
    /// </summary>
    public IReadOnlyList<AcknowledgedFiling> Match(FilingBatchSummary batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Activities.Count != Activities.Count)
        {
            throw new InvalidDataException($"The acknowledgement answers {Activities.Count} activities but the batch holds {batch.Activities.Count}; it is not the acknowledgement of this batch.");
        }

        var filings = new AcknowledgedFiling[Activities.Count];
        for (var i = 0; i < filings.Length; i++)
        {
            filings[i] = new AcknowledgedFiling(batch.Activities[i].FilingId, batch.Activities[i].SeqNum, Activities[i]);
        }

        return filings;
    }

    private static FincenAcknowledgement Read(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "EFilingBatchXML")
        {
            throw Malformed("its root element is not EFilingBatchXML");
        }

        var batchStatus = reader.GetAttribute("StatusCode");
        string? submissionStatus = null;
        var sawSubmission = false;
        var activities = new List<AcknowledgedActivity>();
        if (reader.IsEmptyElement)
        {
            throw Malformed("EFilingBatchXML holds no EFilingSubmissionXML");
        }

        var depth = reader.Depth;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
            }
            else if (reader.LocalName == "EFilingSubmissionXML")
            {
                if (sawSubmission)
                {
                    throw Malformed("it holds more than one EFilingSubmissionXML");
                }

                sawSubmission = true;
                submissionStatus = reader.GetAttribute("StatusCode");
                ReadSubmission(reader, activities);
            }
            else if (reader.LocalName is "Activity" or "FormTypeCode")
            {
                throw Malformed("it is a filing batch, not an acknowledgement");
            }
            else
            {
                reader.Skip();
            }
        }

        if (!sawSubmission)
        {
            throw Malformed("EFilingBatchXML holds no EFilingSubmissionXML");
        }

        var rejected = IsRejected(batchStatus) || IsRejected(submissionStatus);
        if (rejected)
        {
            for (var i = 0; i < activities.Count; i++)
            {
                activities[i] = activities[i] with { Accepted = false };
            }
        }

        return new FincenAcknowledgement(batchStatus, submissionStatus, activities);
    }

    private static void ReadSubmission(XmlReader reader, List<AcknowledgedActivity> activities)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "EFilingActivityXML")
            {
                activities.Add(ReadActivity(reader, activities.Count));
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
    }

    private static AcknowledgedActivity ReadActivity(XmlReader reader, int position)
    {
        var seqNum = SeqNum(reader, position);
        string? bsaId = null;
        var errors = new List<AcknowledgementError>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return new AcknowledgedActivity(position, seqNum, null, false, errors);
        }

        var depth = reader.Depth;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
            }
            else if (reader.LocalName == "BSAID")
            {
                if (bsaId is not null)
                {
                    throw Malformed($"activity {position + 1} has more than one BSAID");
                }

                bsaId = reader.ReadElementContentAsString().Trim();
                if (bsaId.Length == 0)
                {
                    bsaId = null;
                }
                else if (bsaId.Length != 14 || !bsaId.All(char.IsAsciiDigit))
                {
                    throw Malformed($"the BSAID of activity {position + 1} is not 14 digits");
                }
            }
            else if (reader.LocalName == "EFilingActivityErrorXML")
            {
                var error = ReadError(reader);
                if (error is not null)
                {
                    errors.Add(error);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        reader.Read();
        var accepted = bsaId is not null && errors.TrueForAll(e => e.IsWarning);
        return new AcknowledgedActivity(position, seqNum, bsaId, accepted, errors);
    }

    private static AcknowledgementError? ReadError(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }

        string? context = null, element = null, level = null, text = null, code = null;
        var depth = reader.Depth;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "ErrorContextText":
                    context = Text(reader);
                    break;
                case "ErrorElementNameText":
                    element = Text(reader);
                    break;
                case "ErrorLevelText":
                    level = Text(reader);
                    break;
                case "ErrorText":
                    text = Text(reader);
                    break;
                case "ErrorTypeCode":
                    code = Text(reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.Read();
        return (context ?? element ?? level ?? text ?? code) is null ? null : new AcknowledgementError(level, code, text, element, context);
    }

    private static string? Text(XmlReader reader)
    {
        var text = reader.ReadElementContentAsString().Trim();
        return text.Length == 0 ? null : text;
    }

    private static long SeqNum(XmlReader reader, int position)
    {
        var value = reader.GetAttribute("SeqNum");
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seqNum)
            ? seqNum
            : throw Malformed($"activity {position + 1} has no numeric SeqNum");
    }

    private static bool IsRejected(string? statusCode) => string.Equals(statusCode?.Trim(), "R", StringComparison.OrdinalIgnoreCase);

    private static InvalidDataException Malformed(string why) => new($"Not a FinCEN batch acknowledgement: {why}.");
}
