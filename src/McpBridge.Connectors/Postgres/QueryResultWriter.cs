using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace McpBridge.Connectors.Postgres;

/// <summary>
/// Writes query rows as JSON lines (one object per row): unambiguous for a model, compact for wide results.
/// Stops at the row limit and at an output size a model can still take in.
/// </summary>
internal sealed class QueryResultWriter
{
    private const int MaxOutputChars = 200_000;
    private const int MaxValueChars = 2_000;

    private readonly int _maxRows;
    private readonly StringBuilder _rows = new();
    private string[] _names = [];
    private string _columns = string.Empty;
    private int _count;
    private bool _outputFull;

    public QueryResultWriter(int maxRows) => _maxRows = maxRows;

    /// <summary>Whether rows were left out (the row limit or the output size was reached).</summary>
    public bool Truncated { get; private set; }

    public void SetColumns(NpgsqlDataReader reader)
    {
        _names = new string[reader.FieldCount];
        var columns = new List<string>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _names[i] = reader.GetName(i);
            columns.Add($"{_names[i]} ({reader.GetDataTypeName(i)})");
        }

        _columns = string.Join(", ", columns);
    }

    /// <summary>Adds the reader's current row; returns false (and adds nothing) once no more rows are wanted.</summary>
    public bool TryAdd(NpgsqlDataReader reader)
    {
        if (_count >= _maxRows || _outputFull)
        {
            Truncated = true;
            return false;
        }

        var row = new JsonObject();
        for (var i = 0; i < _names.Length; i++)
        {
            // Duplicate column names (select 1, 1) would collide in an object; later ones get their position.
            var name = row.ContainsKey(_names[i]) ? $"{_names[i]}_{i + 1}" : _names[i];
            row[name] = ReadValue(reader, i);
        }

        var line = row.ToJsonString();
        if (_rows.Length + line.Length > MaxOutputChars && _count > 0)
        {
            _outputFull = true;
            Truncated = true;
            return false;
        }

        _rows.Append(line).Append('\n');
        _count++;
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Columns: {_columns}\n");
        if (_count == 0)
        {
            text.Append("No rows.");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"Rows ({_count}{(Truncated ? ", truncated" : string.Empty)}):\n");
        text.Append(_rows);
        if (Truncated)
        {
            text.Append(_outputFull
                ? "[Truncated: the result is too large to return whole. Select fewer columns or add a LIMIT.]"
                : $"[Truncated: only the first {_maxRows} rows are returned. Add a LIMIT, a WHERE clause or an aggregate to see the rest.]");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static JsonNode? ReadValue(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        object value;
        try
        {
            value = reader.GetValue(ordinal);
        }
        catch (Exception ex) when (ex is InvalidCastException or NotSupportedException or InvalidOperationException)
        {
            return JsonValue.Create($"<{reader.GetDataTypeName(ordinal)} value that cannot be read; cast it to text in the query>");
        }

        return ToJson(value);
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null or DBNull => null,
        string s => JsonValue.Create(Limit(s)),
        bool b => JsonValue.Create(b),
        short or int or long or byte or sbyte or ushort or uint or ulong or decimal => JsonNode.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        float f => float.IsFinite(f) ? JsonValue.Create(f) : JsonValue.Create(f.ToString(CultureInfo.InvariantCulture)),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        DateTime dt => JsonValue.Create(dt.ToString(dt.Kind == DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateTimeOffset dto => JsonValue.Create(dto.ToString("O", CultureInfo.InvariantCulture)),
        DateOnly date => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly time => JsonValue.Create(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TimeSpan span => JsonValue.Create(span.ToString("c", CultureInfo.InvariantCulture)),
        Guid guid => JsonValue.Create(guid.ToString()),
        byte[] bytes => JsonValue.Create(Limit("\\x" + Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, MaxValueChars / 2))).ToLowerInvariant())),
        JsonDocument document => JsonNode.Parse(document.RootElement.GetRawText()),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        IDictionary dictionary => new JsonObject(dictionary.Keys.Cast<object>().Select(k => KeyValuePair.Create(k.ToString()!, ToJson(dictionary[k])))),
        IEnumerable sequence => new JsonArray([.. sequence.Cast<object?>().Select(ToJson)]),
        _ => JsonValue.Create(Limit(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty)),
    };

    private static string Limit(string text) => text.Length > MaxValueChars ? string.Concat(text.AsSpan(0, MaxValueChars), "…") : text;
}
