using Baas.Authorizer.State;

namespace Baas.Authorizer;

/// <summary>Settings of the authorizer (command line, environment or configuration section "Authorizer").</summary>
public sealed class AuthorizerOptions
{
    /// <summary>State, log and checkpoints.</summary>
    public string DataDirectory { get; set; } = ".baas/data";

    /// <summary>Where the log segments live (default: "log" under the data directory).</summary>
    public string? LogDirectory { get; set; }

    /// <summary>ISO 8583 listener (host:port).</summary>
    public string IsoListen { get; set; } = "127.0.0.1:8583";

    /// <summary>Wire profile: ascii, mixed, bcd, bcd-ebcdic or a JSON spec file.</summary>
    public string Profile { get; set; } = "ascii";

    /// <summary>Framing: binary2 or ascii4.</summary>
    public string Framing { get; set; } = "binary2";

    /// <summary>Fixed header bytes (TPDU) between the length prefix and the MTI.</summary>
    public int HeaderBytes { get; set; }

    /// <summary>Largest frame accepted.</summary>
    public int MaxFrameBytes { get; set; } = 8192;

    /// <summary>Milliseconds from receipt after which a request is answered 91 instead of late.</summary>
    public int BudgetMs { get; set; } = 150;

    /// <summary>Requests in flight per connection before the connection stops being read.</summary>
    public int MaxInflightPerConnection { get; set; } = 256;

    /// <summary>Requests waiting for the engine before new ones are shed with 91.</summary>
    public int QueueCapacity { get; set; } = 65536;

    /// <summary>Bearer key of the management API's administrator; generated and stored under the data directory when absent.</summary>
    public string? AdminKey { get; set; }

    /// <summary>HMAC key for PAN tokens (hex); generated and stored under the data directory when absent.</summary>
    public string? PanKey { get; set; }

    /// <summary>Zone PIN key (double-length 3DES, hex) that PIN blocks (ISO format 0) are encrypted under.</summary>
    public string ZonePinKey { get; set; } = "0123456789ABCDEFFEDCBA9876543210";

    /// <summary>Seconds between checkpoints.</summary>
    public int CheckpointSeconds { get; set; } = 60;

    /// <summary>Events between checkpoints (whichever comes first).</summary>
    public long CheckpointEvents { get; set; } = 2_000_000;

    /// <summary>
    /// Every this many checkpoints one is full (hash indexes too); the others write only changed log pages.
    /// Recovery replays the state log from the last full checkpoint, so this bounds that work.
    /// </summary>
    public int FullCheckpointEvery { get; set; } = 30;

    /// <summary>Seconds between sweeps for expired holds.</summary>
    public int SweepSeconds { get; set; } = 5;

    /// <summary>Hours a stored response is kept for retransmissions.</summary>
    public int DuplicateRetentionHours { get; set; } = 48;

    /// <summary>Seconds a connection may sit on a partial frame before it is closed (slow-loris guard).</summary>
    public int PartialFrameTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds a connection may be silent before it is closed (0: never).</summary>
    public int IdleTimeoutSeconds { get; set; }

    /// <summary>FASTER store sizes.</summary>
    public StateSizing Sizing { get; set; } = StateSizing.Default;

    /// <summary>Wall-clock time (a fake one in tests).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Skip fsync of the log (only for tests that do not need durability).</summary>
    public bool UnsafeNoFsync { get; set; }
}
