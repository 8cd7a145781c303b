namespace McpBridge.Connectors.Egress;

/// <summary>A connection was refused by the egress policy. The message is safe to show and names the address.</summary>
public sealed class EgressRefusedException : Exception
{
    public EgressRefusedException(string message)
        : base(message)
    {
    }
}
