using Baas.Iso8583;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;
using Baas.Iso8583.Subfields;
using BenchmarkDotNet.Attributes;

namespace Baas.Benchmarks;

/// <summary>
/// The typical 0100 (fields 2, 3, 4, 7, 11, 12, 14, 18, 22, 25, 35, 37, 41, 42, 43, 49 and 17 EMV tags in
/// DE55): parse into a reused message, pack into a reused buffer, and parse then read every field.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly IsoMessage _source = new();
    private readonly IsoMessage _parsed = new();
    private readonly byte[] _output = new byte[2048];
    private byte[] _frame = [];
    private IsoCodec _codec = null!;

    [Params("ascii", "bcd")]
    public string Profile { get; set; } = "ascii";

    [GlobalSetup]
    public void Setup()
    {
        _codec = IsoCodec.For(Profiles.Resolve(Profile));
        SampleMessages.TypicalAuthorization(_source);
        if (!_codec.TryPack(_source, _output, out var n, out var error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        _frame = _output[..n];
        _codec.TryParse(_frame, _parsed, out _);
    }

    [Benchmark]
    public bool Parse() => _codec.TryParse(_frame, _parsed, out _);

    [Benchmark]
    public int Pack()
    {
        _codec.TryPack(_source, _output, out var written, out _);
        return written;
    }

    [Benchmark]
    public long ParseAndReadAll()
    {
        _codec.TryParse(_frame, _parsed, out _);
        long sum = 0;
        foreach (var field in _parsed.Fields)
        {
            var value = _parsed.Get(field);
            if (field == IsoField.IccData)
            {
                var reader = new BerTlvReader(value);
                while (reader.Read())
                {
                    sum += reader.Tag + (uint)reader.Value.Length;
                }
            }
            else if (_parsed.TryGetInt64(field, out var number))
            {
                sum += number;
            }
            else
            {
                sum += value.Length;
            }
        }

        return sum;
    }
}
