using System.Diagnostics.CodeAnalysis;

namespace McpBridge.Connectors;

/// <summary>All registered connectors, ordered for display: by category, then by name.</summary>
public sealed class ConnectorCatalog
{
    private readonly Dictionary<string, IConnector> _byId;

    public ConnectorCatalog(IEnumerable<IConnector> connectors)
    {
        var all = connectors.ToArray();
        _byId = new Dictionary<string, IConnector>(StringComparer.Ordinal);
        foreach (var connector in all)
        {
            if (!_byId.TryAdd(connector.Id, connector))
            {
                // Two entries with one id would make a stored tool ambiguous: a configuration error to fix at start.
                throw new InvalidOperationException($"Two connectors have the id '{connector.Id}'. A package definition may not reuse a built-in connector's id.");
            }
        }

        All = all
            .OrderBy(c => CategoryRank(c.Category))
            .ThenBy(c => c.Category, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public IReadOnlyList<IConnector> All { get; }

    public bool TryGet(string id, [NotNullWhen(true)] out IConnector? connector) => _byId.TryGetValue(id, out connector);

    private static int CategoryRank(string category)
    {
        for (var i = 0; i < ConnectorCategories.DisplayOrder.Count; i++)
        {
            if (string.Equals(ConnectorCategories.DisplayOrder[i], category, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return ConnectorCategories.DisplayOrder.Count;
    }
}
