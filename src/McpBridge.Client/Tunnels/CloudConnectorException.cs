namespace McpBridge.Client.Tunnels;

/// <summary>The relay refused the tunnel (a bad key, a name taken or not allowed, a plan limit) or could not be reached.</summary>
public sealed class CloudConnectorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CloudConnectorException(string message, int? status = null, string? code = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        Code = code;
    }

    /// <summary>The HTTP status of the refusal; null when the relay could not be reached at all.</summary>
    public int? Status { get; }

    /// <summary>The machine-readable error code of the refusal (<c>unauthorized</c>, <c>conflict</c>, <c>plan_limit</c>, ...).</summary>
    public string? Code { get; }
}
