using System.Diagnostics.CodeAnalysis;

namespace McpBridge.Connectors;

/// <summary>
/// All registered connectors, ordered for display: by category, then by name. The ones given at start are fixed;
/// entries an administrator adds at run time (<see cref="TryAdd"/>) can be removed again. Readers see an immutable
/// snapshot, swapped whole on each change.
/// </summary>
public sealed class ConnectorCatalog
{
    private readonly HashSet<string> _fixedIds;
    private readonly object _writeGate = new();
    private volatile Snapshot _snapshot;

    public ConnectorCatalog(IEnumerable<IConnector> connectors)
    {
        var all = connectors.ToArray();
        _fixedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var connector in all)
        {
            if (!_fixedIds.Add(connector.Id))
            {
                // Two entries with one id would make a stored tool ambiguous: a configuration error to fix at start.
                throw new InvalidOperationException($"Two connectors have the id '{connector.Id}'. A package definition may not reuse a built-in connector's id.");
            }
        }

        _snapshot = new Snapshot(all);
    }

    public IReadOnlyList<IConnector> All => _snapshot.All;

    public bool TryGet(string id, [NotNullWhen(true)] out IConnector? connector) => _snapshot.ById.TryGetValue(id, out connector);

    /// <summary>Adds an entry at run time; <see langword="false"/> when its id is taken.</summary>
    public bool TryAdd(IConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        lock (_writeGate)
        {
            var current = _snapshot;
            if (current.ById.ContainsKey(connector.Id))
            {
                return false;
            }

            _snapshot = new Snapshot([.. current.All, connector]);
            return true;
        }
    }

    /// <summary>Removes an entry added with <see cref="TryAdd"/>; the ones given at start stay.</summary>
    public bool Remove(string id)
    {
        lock (_writeGate)
        {
            var current = _snapshot;
            if (_fixedIds.Contains(id) || !current.ById.ContainsKey(id))
            {
                return false;
            }

            _snapshot = new Snapshot([.. current.All.Where(c => !string.Equals(c.Id, id, StringComparison.Ordinal))]);
            return true;
        }
    }

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

    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<IConnector> connectors)
        {
            All = connectors
                .OrderBy(c => CategoryRank(c.Category))
                .ThenBy(c => c.Category, StringComparer.OrdinalIgnoreCase)
                .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            ById = connectors.ToDictionary(c => c.Id, StringComparer.Ordinal);
        }

        public IReadOnlyList<IConnector> All { get; }

        public Dictionary<string, IConnector> ById { get; }
    }
}
