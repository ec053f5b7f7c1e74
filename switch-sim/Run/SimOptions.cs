namespace Baas.SwitchSim.Run;

/// <summary>How a run behaves.</summary>
public sealed class SimOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 8583;
    public string Profile { get; set; } = "ascii";
    public string Framing { get; set; } = "binary2";
    public string CardsFile { get; set; } = "cards.jsonl";
    public int Connections { get; set; } = 8;
    public int Inflight { get; set; } = 64;

    /// <summary>Requests per second (open loop); 0 for closed loop as fast as possible ("max").</summary>
    public double Rate { get; set; } = 1000;

    /// <summary>Exponential gaps instead of constant ones (open loop).</summary>
    public bool Poisson { get; set; }

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The first part of <see cref="Duration"/> whose requests are checked and counted like any other but left
    /// out of the latency percentiles: a freshly started process answers its first second while the JIT is
    /// still compiling the hot path (measured: p99 163 ms in second 0, under 1 ms by second 8 at 1k/s).
    /// </summary>
    public TimeSpan Warmup { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);
    public Mix Mix { get; set; } = Mix.Default;

    /// <summary>Share of timed-out requests repeated (x01) before giving up with a timeout reversal.</summary>
    public double RepeatShare { get; set; } = 0.5;

    /// <summary>Share of approved holds later cleared with a 0220.</summary>
    public double ClearingShare { get; set; } = 0.2;

    /// <summary>Share of card-present terminals that support partial approval.</summary>
    public double PartialShare { get; set; } = 0.3;

    /// <summary>Seconds between echo (0800 301) messages on each connection.</summary>
    public int EchoSeconds { get; set; } = 10;

    public int Seed { get; set; } = 42;

    /// <summary>Include DE55 (17 EMV tags) in chip purchases.</summary>
    public bool Emv { get; set; } = true;

    /// <summary>Live progress (Spectre) when attached to a terminal; plain lines otherwise.</summary>
    public bool Interactive { get; set; }

    public string? ReportPath { get; set; }
    public string? HtmlPath { get; set; }
}
