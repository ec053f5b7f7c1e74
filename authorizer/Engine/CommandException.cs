namespace Baas.Authorizer.Engine;

/// <summary>A management command refused, with the HTTP status and the field at fault.</summary>
public sealed class CommandException : Exception
{
    public CommandException(int status, string? field, string message)
        : base(message)
    {
        Status = status;
        Field = field;
    }

    public CommandException()
    {
    }

    public CommandException(string message)
        : base(message)
    {
    }

    public CommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>400, 404 or 409.</summary>
    public int Status { get; } = 400;

    /// <summary>The request field at fault, when one is.</summary>
    public string? Field { get; }

    public static CommandException BadRequest(string field, string message) => new(400, field, message);

    public static CommandException NotFound(string what) => new(404, null, what + " not found");

    public static CommandException Conflict(string field, string message) => new(409, field, message);
}
