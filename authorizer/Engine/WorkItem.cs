using Baas.Events;
using Baas.Iso8583;

namespace Baas.Authorizer.Engine;

/// <summary>Who gets a finished work item back.</summary>
internal interface IWorkOwner
{
    /// <summary>Called once the item's log records are durable (on the committer thread; keep it short).</summary>
    void Complete(WorkItem item);
}

/// <summary>What a work item carries.</summary>
internal enum WorkKind : byte
{
    /// <summary>An ISO 8583 request from a connection.</summary>
    Iso,
    /// <summary>A management command from the API.</summary>
    Command,
}

/// <summary>
/// One request on its way through the engine: the parsed request, the response being built, timing, and the
/// log sequence that must be durable before the response may leave. Pooled and reused.
/// </summary>
internal sealed class WorkItem
{
    public WorkKind Kind;
    public IWorkOwner? Owner;
    public readonly IsoMessage Request = new(2048);
    public readonly IsoMessage Response = new(2048);
    public readonly byte[] Header = new byte[32];
    public int HeaderLength;

    public long ReceivedTicks;
    public long DeadlineTicks;
    public long DecidedTicks;

    /// <summary>The sequence that must be durable before completion (its own event, or the last appended).</summary>
    public long WaitSeq;

    public DeclineReason Reason;
    public bool Approved;
    public bool HoldsSlot;

    // Management commands.
    public Func<EngineContext, object?>? Command;
    public TaskCompletionSource<object?>? Completion;
    public object? CommandResult;
    public Exception? CommandError;

    public void Reset()
    {
        Kind = WorkKind.Iso;
        Owner = null;
        Request.Clear();
        Response.Clear();
        HeaderLength = 0;
        ReceivedTicks = DeadlineTicks = DecidedTicks = WaitSeq = 0;
        Reason = DeclineReason.Approved;
        Approved = false;
        HoldsSlot = false;
        Command = null;
        Completion = null;
        CommandResult = null;
        CommandError = null;
    }
}

/// <summary>A pool of work items shared by all connections.</summary>
internal sealed class WorkItemPool
{
    private readonly BoundedQueue<WorkItem> _items;

    public WorkItemPool(int capacity) => _items = new BoundedQueue<WorkItem>(capacity);

    public WorkItem Rent() => _items.TryDequeue(out var item) ? item : new WorkItem();

    public void Return(WorkItem item)
    {
        item.Reset();
        _items.TryEnqueue(item);
    }
}
