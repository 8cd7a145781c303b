using McpBridge.Protocol.Tunnels;

namespace McpBridge.Tunneling;

/// <summary>A stream was reset by the peer or lost with its connection.</summary>
public sealed class TunnelStreamResetException : IOException
{
    /// <summary>Creates the exception.</summary>
    public TunnelStreamResetException(TunnelResetCode code, string reason, bool connectionLost = false)
        : base(reason)
    {
        Code = code;
        ConnectionLost = connectionLost;
    }

    /// <summary>Why the stream was reset.</summary>
    public TunnelResetCode Code { get; }

    /// <summary>The whole connection was lost, not just this stream.</summary>
    public bool ConnectionLost { get; }
}
