namespace McpBridge.Server.Tunnels;

/// <summary>Counts added to one tunnel_usage_daily row.</summary>
internal struct TunnelUsageTotals
{
    public long Requests;
    public long Errors;
    public long BytesIn;
    public long BytesOut;

    public void Add(in TunnelUsageTotals other)
    {
        Requests += other.Requests;
        Errors += other.Errors;
        BytesIn += other.BytesIn;
        BytesOut += other.BytesOut;
    }
}
