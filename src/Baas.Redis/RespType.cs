namespace Baas.Redis;

/// <summary>The RESP2/RESP3 type of a reply, named after the protocol's own terms.</summary>
public enum RespType : byte
{
    /// <summary><c>+</c>: a short text with no CR or LF.</summary>
    SimpleString,

    /// <summary><c>-</c>: an error reply; the text starts with a code such as <c>ERR</c> or <c>BUSYGROUP</c>.</summary>
    Error,

    /// <summary><c>:</c>: a signed 64-bit integer.</summary>
    Integer,

    /// <summary><c>$</c>: a length-prefixed, binary-safe string (RESP2 <c>$-1</c> is a null bulk string).</summary>
    BulkString,

    /// <summary><c>*</c>: an ordered list (RESP2 <c>*-1</c> is a null array).</summary>
    Array,

    /// <summary><c>_</c>: the RESP3 null.</summary>
    Null,

    /// <summary><c>#</c>: a RESP3 boolean.</summary>
    Boolean,

    /// <summary><c>,</c>: a RESP3 double, including <c>inf</c>, <c>-inf</c> and <c>nan</c>.</summary>
    Double,

    /// <summary><c>(</c>: a RESP3 integer of any size, kept as its decimal text.</summary>
    BigNumber,

    /// <summary><c>!</c>: a RESP3 length-prefixed error.</summary>
    BulkError,

    /// <summary><c>=</c>: a RESP3 string with a three-letter format such as <c>txt</c> or <c>mkd</c>.</summary>
    VerbatimString,

    /// <summary><c>%</c>: a RESP3 map; its items are keys and values interleaved.</summary>
    Map,

    /// <summary><c>~</c>: a RESP3 set.</summary>
    Set,

    /// <summary><c>&gt;</c>: a RESP3 out-of-band push (never matched to a command).</summary>
    Push,
}
