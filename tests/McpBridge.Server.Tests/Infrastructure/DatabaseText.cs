using System.Text;
using McpBridge.Server.Data;
using McpBridge.ServerTesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests;

/// <summary>Everything the database holds as text (and, for SQLite, the raw file bytes), to prove a secret is not in it.</summary>
internal static class DatabaseText
{
    public static async Task<string> ReadAllAsync(TestBridge bridge)
    {
        var factory = bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var text = new StringBuilder();
        foreach (var tool in await db.ServerTools.AsNoTracking().ToListAsync())
        {
            text.AppendLine(tool.ConfigJson).AppendLine(tool.SecretsProtected);
        }

        foreach (var version in await db.ServerVersions.AsNoTracking().ToListAsync())
        {
            text.AppendLine(version.SnapshotJson);
        }

        foreach (var entry in await db.AuditLog.AsNoTracking().ToListAsync())
        {
            text.AppendLine(entry.Detail).AppendLine(entry.Target);
        }

        foreach (var entry in await db.ServerEvents.AsNoTracking().ToListAsync())
        {
            text.AppendLine(entry.Message);
        }

        foreach (var login in await db.DeviceLogins.AsNoTracking().ToListAsync())
        {
            text.AppendLine(login.ProtectedKey);
        }

        // SQLite keeps everything in a few files: read their bytes too, whatever table a value could hide in.
        var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(bridge.Provider == TestSupport.Databases.DatabaseProvider.Sqlite ? bridge.ConnectionString : string.Empty).DataSource;
        var files = string.IsNullOrEmpty(sqlite) ? [] : Directory.EnumerateFiles(Path.GetDirectoryName(sqlite)!, Path.GetFileName(sqlite) + "*");
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text.AppendLine(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
