using System.Globalization;
using System.Text;

namespace Baas.Redis.Tests;

/// <summary>
/// The test side of the wire: writes a <see cref="RedisResult"/> tree back to canonical RESP bytes, so a
/// parsed reply can be compared byte for byte with what it was parsed from.
/// </summary>
internal static class RespEncoder
{
    public static byte[] Encode(RedisResult value)
    {
        var output = new MemoryStream();
        Write(output, value);
        return output.ToArray();
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder();
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'\r' => builder.Append("\\r"),
                (byte)'\n' => builder.Append("\\n"),
                >= 0x20 and < 0x7F => builder.Append((char)b),
                _ => builder.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture)),
            };
        }

        return builder.ToString();
    }

    private static void Write(MemoryStream output, RedisResult value)
    {
        if (value.IsNull)
        {
            Line(output, value.Type switch { RespType.BulkString => "$-1", RespType.Array => "*-1", _ => "_" });
            return;
        }

        switch (value.Type)
        {
            case RespType.SimpleString:
                Line(output, "+" + value.AsString());
                break;
            case RespType.Error:
                Line(output, "-" + value.ErrorMessage);
                break;
            case RespType.Integer:
                Line(output, ":" + value.AsInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case RespType.BigNumber:
                Line(output, "(" + value.AsString());
                break;
            case RespType.Boolean:
                Line(output, value.AsBoolean() ? "#t" : "#f");
                break;
            case RespType.Double:
                var d = value.AsDouble();
                Line(output, "," + (double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf"
                    : d.ToString("R", CultureInfo.InvariantCulture)));
                break;
            case RespType.BulkString:
                Blob(output, '$', value.AsBytes()!);
                break;
            case RespType.BulkError:
                Blob(output, '!', Encoding.UTF8.GetBytes(value.ErrorMessage!));
                break;
            case RespType.VerbatimString:
                Blob(output, '=', [.. Encoding.ASCII.GetBytes(value.VerbatimFormat! + ":"), .. value.AsBytes()!]);
                break;
            default:
                var prefix = value.Type switch { RespType.Map => '%', RespType.Set => '~', RespType.Push => '>', _ => '*' };
                Line(output, prefix + (value.Type == RespType.Map ? value.Count / 2 : value.Count).ToString(CultureInfo.InvariantCulture));
                foreach (var item in value.Items)
                {
                    Write(output, item);
                }

                break;
        }
    }

    private static void Blob(MemoryStream output, char prefix, byte[] bytes)
    {
        Line(output, prefix + bytes.Length.ToString(CultureInfo.InvariantCulture));
        output.Write(bytes);
        output.Write("\r\n"u8);
    }

    private static void Line(MemoryStream output, string text)
    {
        output.Write(Encoding.UTF8.GetBytes(text));
        output.Write("\r\n"u8);
    }
}
