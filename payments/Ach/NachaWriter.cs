using System.Text;

namespace Baas.Payments.Ach;

/// <summary>
/// Writes a <see cref="NachaFile"/>: computes every batch control and the file control (counts, entry hashes, totals,
/// block count), pads with 9-filler records to a multiple of ten, ends every line with "\n". Before anything reaches the
/// output the text is checked: fields must fit, characters must be upper-case NACHA text (ASCII 0x20-0x5F: digits,
/// upper-case letters, blank and punctuation), and the strict <see cref="NachaReader"/> must accept the result.
/// </summary>
public static class NachaWriter
{
    /// <summary>Writes <paramref name="file"/> to <paramref name="writer"/>; throws <see cref="NachaFormatException"/> and writes nothing when the file is not valid.</summary>
    public static void Write(NachaFile file, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(WriteToString(file));
    }

    /// <summary>The file as text.</summary>
    public static string WriteToString(NachaFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var lines = FormatRecords(file);
        for (var i = 0; i < lines.Count; i++)
        {
            CheckCharacters(lines[i], i + 1);
        }

        var text = new StringBuilder(lines.Count * (NachaFile.RecordLength + 1));
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        var result = text.ToString();
        using (var check = new StringReader(result))
        {
            NachaReader.Read(check);
        }

        return result;
    }

    /// <summary>Formats every record with computed controls and the filler records, without character-set checks.</summary>
    internal static List<string> FormatRecords(NachaFile file)
    {
        var lines = new List<string>(file.RecordCount + NachaFile.BlockingFactor)
        {
            NachaRecords.Format(file.Header, 1),
        };
        foreach (var batch in file.Batches)
        {
            var control = batch.ComputeControl();
            lines.Add(NachaRecords.Format(batch.Header, lines.Count + 1));
            foreach (var entry in batch.Entries)
            {
                lines.Add(NachaRecords.Format(entry, batch.Header.SecCode, lines.Count + 1));
                foreach (var addenda in entry.Addenda)
                {
                    lines.Add(NachaRecords.Format(addenda, lines.Count + 1));
                }
            }

            lines.Add(NachaRecords.Format(control, lines.Count + 1));
        }

        lines.Add(NachaRecords.Format(file.ComputeControl(), file.IsAdvice, lines.Count + 1));
        while (lines.Count % NachaFile.BlockingFactor != 0)
        {
            lines.Add(NachaRecords.FillerRecord);
        }

        return lines;
    }

    /// <summary>True for the characters the writer puts in a file: ASCII 0x20-0x5F.</summary>
    public static bool IsNachaCharacter(char c) => c is >= ' ' and <= '_';

    private static void CheckCharacters(string line, int lineNumber)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (!IsNachaCharacter(line[i]))
            {
                throw new NachaFormatException(lineNumber, line[0], "Record",
                    $"character '{line[i]}' at position {i + 1} is not allowed; NACHA text is upper-case letters, digits, blank and punctuation.");
            }
        }
    }
}
