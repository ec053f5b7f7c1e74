using System.Text;
using System.Text.Json.Nodes;
using Baas.Kyc.Providers;
using FsCheck;
using FsCheck.Fluent;

namespace Baas.Kyc.Tests.Providers;

/// <summary>
/// Random bytes, byte-level mutations of valid payloads and JSON-level value swaps: every adapter's Parse either
/// returns a result or throws <see cref="ProviderPayloadException"/>, never anything else.
/// </summary>
public sealed class ParseFuzzTests
{
    private static readonly IKycProviderAdapter[] Adapters =
    [
        new ClearConsiderAdapter(Webhook.Secret),
        new ScoredStatusAdapter(Webhook.Secret),
        new SimulatorAdapter(Webhook.Secret),
    ];

    private static readonly byte[][] Seeds =
    [
        Webhook.Json(
            "{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'chk_1','status':'complete','result':'consider'," +
            "'sub_result':'rejected','reasons':['glare'],'reports':['document'],'tags':['customer:cus_1'],'document':{'expires_on':'2030-01-31'," +
            "'address':{'line1':'1 Main St','line2':null,'city':'Austin','state':'TX','postal_code':'78701','country':'US'}}}}}"),
        Webhook.Json(
            "{'eventId':'evt_1','verification':{'id':'v_1','reference':'cus_1','step':'liveness','status':'REJECTED','score':0.12," +
            "'reasonCodes':['IMAGE_BLURRY','GLARE'],'document':{'validUntil':'2030-01-31','address':{'line1':'1 Main St','city':'Austin'," +
            "'state':'TX','postalCode':'78701','country':'US'}}}}"),
        Webhook.Json(
            "{'provider':'simulator','outcome':'fail','step':'document','reasons':['spoof'],'fraud':true,'checkId':'sim_1','customerId':'cus_1'," +
            "'score':0.4,'documentExpiry':'2030-01-31','documentAddress':{'line1':'1 Main St','line2':null,'city':'Austin','state':'TX'," +
            "'postalCode':'78701','country':'US'}}"),
    ];

    private static readonly string[] Replacements =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-0", "\"\"", "\" \"", "\"x\"", "\"2030-02-30\"", "\"9999-12-31\"",
        "\"clear\"", "\"consider\"", "\"PASSED\"", "\"REJECTED\"", "\"pass\"", "\"document\"", "\"liveness\"", "[]", "[1]",
        "[null]", "[\"a\"]", "{}", "{\"a\":[]}", "\"\\ud800\"", "\"\\u0000\"", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
    ];

    [Fact]
    public void The_seeds_parse()
    {
        for (var i = 0; i < Adapters.Length; i++)
        {
            Assert.NotNull(Adapters[i].Parse(Seeds[i]));
        }
    }

    [Fact]
    public void Random_bytes_only_ever_give_a_payload_exception()
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => Adapters.All(a => ParsesOrRefuses(a, bytes)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), property);
    }

    [Fact]
    public void Random_json_text_only_ever_gives_a_payload_exception()
    {
        var alphabet = "{}[]\":,0123456789.-+eEtrufalsn \\u\"abcdéXYZ\u00ff\ud83d\ude00".ToCharArray();
        var text =
            from length in Gen.Choose(0, 200)
            from chars in Gen.ArrayOf(Gen.Elements(alphabet), length)
            select new string(chars);
        var property = Prop.ForAll(text.ToArbitrary(), json => Adapters.All(a => ParsesOrRefuses(a, Encoding.UTF8.GetBytes(json))));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), property);
    }

    [Fact]
    public void Byte_mutations_of_valid_payloads_only_ever_give_a_payload_exception()
    {
        var mutation =
            from seed in Gen.Choose(0, Seeds.Length - 1)
            from kind in Gen.Choose(0, 4)
            from position in Gen.Choose(0, 10_000)
            from length in Gen.Choose(1, 16)
            from value in Gen.Choose(0, 255)
            select (seed, kind, position, length, (byte)value);

        var property = Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            var mutated = Mutate(Seeds[m.seed], m.kind, m.position, m.length, m.Item5);
            return Adapters.All(a => ParsesOrRefuses(a, mutated));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000), property);
    }

    [Fact]
    public void Json_value_swaps_in_valid_payloads_only_ever_give_a_payload_exception()
    {
        var swap =
            from seed in Gen.Choose(0, Seeds.Length - 1)
            from node in Gen.Choose(0, 200)
            from replacement in Gen.Elements(Replacements)
            select (seed, node, replacement);

        var property = Prop.ForAll(swap.ToArbitrary(), s =>
        {
            var swapped = Swap(Seeds[s.seed], s.node, s.replacement);
            return Adapters.All(a => ParsesOrRefuses(a, swapped));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000), property);
    }

    [Fact]
    public void Renamed_members_in_valid_payloads_only_ever_give_a_payload_exception()
    {
        string[] names = ["\\ud800", "\\udfff", "\\ud83d\\ude00", "", " ", "outcome", "payload", "verification", "id", "status", "step", "a\\u0000b"];
        var rename =
            from seed in Gen.Choose(0, Seeds.Length - 1)
            from node in Gen.Choose(0, 200)
            from name in Gen.Elements(names)
            select (seed, node, name);

        var property = Prop.ForAll(rename.ToArbitrary(), r =>
        {
            var renamed = Rename(Seeds[r.seed], r.node, r.name);
            return Adapters.All(a => ParsesOrRefuses(a, renamed));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), property);
    }

    [Fact]
    public void Simulator_route_steps_only_ever_give_a_payload_exception()
    {
        var simulator = new SimulatorAdapter(null);
        var property = Prop.ForAll(ArbMap.Default.ArbFor<string>(), step =>
        {
            try
            {
                simulator.Parse(Seeds[2], step);
                return step is "document";
            }
            catch (ProviderPayloadException)
            {
                return true;
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    private static bool ParsesOrRefuses(IKycProviderAdapter adapter, byte[] body)
    {
        try
        {
            var result = adapter.Parse(body);
            return result.Provider == adapter.Name && result.Step is "document" or "liveness" && result.Reasons.Count <= 20;
        }
        catch (ProviderPayloadException e)
        {
            return e.Message.Length > 0;
        }
    }

    private static byte[] Mutate(byte[] seed, int kind, int position, int length, byte value)
    {
        var at = position % (seed.Length + 1);
        var bytes = seed.ToList();
        switch (kind)
        {
            case 0:
                // Truncate.
                return [.. bytes.Take(at)];
            case 1:
                // Overwrite a run with one byte value.
                for (var i = at; i < Math.Min(bytes.Count, at + length); i++)
                {
                    bytes[i] = value;
                }

                return [.. bytes];
            case 2:
                // Delete a run.
                bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                return [.. bytes];
            case 3:
                // Insert a run.
                bytes.InsertRange(at, Enumerable.Repeat(value, length));
                return [.. bytes];
            default:
                // Duplicate a run in place.
                var run = bytes.Skip(at).Take(length).ToArray();
                bytes.InsertRange(at, run);
                return [.. bytes];
        }
    }

    private static byte[] Swap(byte[] seed, int index, string replacement)
    {
        var root = JsonNode.Parse(seed)!;
        var nodes = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, nodes);
        var (parent, name, position) = nodes[index % nodes.Count];
        // A marker, swapped for the raw replacement text after writing, so invalid escapes reach the adapter as sent.
        const string Marker = "\"__swap_marker__\"";
        var value = JsonValue.Create("__swap_marker__");
        if (parent is JsonObject obj)
        {
            obj[name!] = value;
        }
        else
        {
            ((JsonArray)parent)[position] = value;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString().Replace(Marker, replacement, StringComparison.Ordinal));
    }

    private static byte[] Rename(byte[] seed, int index, string rawName)
    {
        const string Marker = "__rename_marker__";
        var root = JsonNode.Parse(seed)!;
        var members = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, members);
        members.RemoveAll(m => m.Name is null);
        var (parent, name, _) = members[index % members.Count];
        var obj = (JsonObject)parent;
        var value = obj[name!];
        obj.Remove(name!);
        obj[Marker] = value?.DeepClone();
        return Encoding.UTF8.GetBytes(root.ToJsonString().Replace($"\"{Marker}\"", $"\"{rawName}\"", StringComparison.Ordinal));
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, string? Name, int Index)> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToArray())
                {
                    into.Add((obj, name, -1));
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    into.Add((array, null, i));
                    if (array[i] is { } child)
                    {
                        Collect(child, into);
                    }
                }

                break;
        }
    }
}
