using Baas.Compliance.Screening.Lists;
using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Screening.Http;

/// <summary>The body of <c>POST /v1/screening</c>, and what the command line builds from its arguments.</summary>
/// <param name="Name">The name to screen (required).</param>
/// <param name="Type"><c>individual</c>, <c>entity</c>, <c>vessel</c> or <c>aircraft</c>.</param>
/// <param name="Dob">Date of birth: <c>YYYY-MM-DD</c>, <c>YYYY-MM</c> or <c>YYYY</c>.</param>
/// <param name="Country">Country of nationality or residence: ISO 3166-1 alpha-2 or alpha-3 code, or an English name.</param>
/// <param name="Ids">Identifiers: passport, national ID, digital currency address, ...</param>
public sealed record ScreeningRequest(string? Name, string? Type = null, string? Dob = null, string? Country = null, IReadOnlyList<string?>? Ids = null)
{
    /// <summary>Longest name accepted.</summary>
    public const int MaxNameLength = 512;

    /// <summary>Most identifiers accepted.</summary>
    public const int MaxIds = 20;

    /// <summary>Longest identifier accepted.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Validates the request into a query, or names the field that is wrong.</summary>
    public bool TryCreateQuery(out ScreeningQuery? query, out ScreeningError? error)
    {
        query = null;
        if (string.IsNullOrWhiteSpace(Name))
        {
            error = new ScreeningError("name", "name is required");
            return false;
        }

        if (Name.Length > MaxNameLength)
        {
            error = new ScreeningError("name", $"name is longer than {MaxNameLength} characters");
            return false;
        }

        if (!Name.Any(char.IsLetterOrDigit))
        {
            error = new ScreeningError("name", "name has no letters or digits");
            return false;
        }

        EntryType? type = null;
        if (Type is not null)
        {
            type = Type.Trim().ToLowerInvariant() switch
            {
                "individual" or "person" => EntryType.Individual,
                "entity" or "organization" or "organisation" or "company" => EntryType.Entity,
                "vessel" => EntryType.Vessel,
                "aircraft" => EntryType.Aircraft,
                _ => null,
            };
            if (type is null)
            {
                error = new ScreeningError("type", "type must be individual, entity, vessel or aircraft");
                return false;
            }
        }

        DateOfBirth? dob = null;
        if (Dob is not null && !DateOfBirth.TryParseIso(Dob, out dob))
        {
            error = new ScreeningError("dob", "dob must be a date YYYY-MM-DD, YYYY-MM or YYYY");
            return false;
        }

        string? country = null;
        if (Country is not null)
        {
            country = Countries.Resolve(Country);
            if (country is null)
            {
                error = new ScreeningError("country", "country must be an ISO 3166-1 code or a country name");
                return false;
            }
        }

        var ids = new List<string>();
        if (Ids is not null)
        {
            if (Ids.Count > MaxIds)
            {
                error = new ScreeningError("ids", $"at most {MaxIds} ids");
                return false;
            }

            for (var i = 0; i < Ids.Count; i++)
            {
                var id = Ids[i];
                if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || !id.Any(char.IsLetterOrDigit))
                {
                    error = new ScreeningError($"ids[{i}]", $"each id must be a non-empty string of at most {MaxIdLength} characters with letters or digits");
                    return false;
                }

                ids.Add(id.Trim());
            }
        }

        query = new ScreeningQuery(Name.Trim()) { Type = type, DateOfBirth = dob, Country = country, Ids = ids };
        error = null;
        return true;
    }
}
