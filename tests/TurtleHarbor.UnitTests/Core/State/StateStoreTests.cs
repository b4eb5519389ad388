using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.State;

public sealed class StateStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("th-state-").FullName;

    private string StatePath => Path.Combine(_dir, "state.json");

    private static StateDocument Document(params string[] names) => new(
        StateDocument.CurrentVersion,
        [.. names.Select(n => new StateEntry("/p/scripts.yml", n, DesiredState.Up, ScriptStatus.Running, 10, 10, 1234, DateTimeOffset.UnixEpoch, 2, null))]);

    [Fact]
    public async Task Saved_state_loads_back_field_by_field()
    {
        var store = new StateStore(StatePath, TimeProvider.System);

        await store.SaveAsync(Document("a", "b"), CancellationToken.None);
        var loaded = store.Load();

        Assert.Null(loaded.MovedAsideTo);
        Assert.Equal(Document("a", "b").Scripts, loaded.Document.Scripts);
        Assert.Contains("\"desired\": \"up\"", File.ReadAllText(StatePath));
    }

    [Fact]
    public async Task A_crash_between_writing_the_temp_file_and_renaming_it_keeps_the_old_state_intact()
    {
        await new StateStore(StatePath, TimeProvider.System).SaveAsync(Document("old"), CancellationToken.None);
        var before = File.ReadAllBytes(StatePath);
        var dying = new StateStore(StatePath, TimeProvider.System, afterTempWritten: temp =>
        {
            Assert.True(File.Exists(temp));
            throw new IOException("process died here");
        });

        await Assert.ThrowsAsync<ThIoException>(() => dying.SaveAsync(Document("new"), CancellationToken.None));

        Assert.Equal(before, File.ReadAllBytes(StatePath));
        Assert.Equal(["old"], new StateStore(StatePath, TimeProvider.System).Load().Document.Scripts.Select(s => s.Name));
        Assert.Equal([StatePath], Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task The_state_file_is_readable_by_its_owner_only()
    {
        await new StateStore(StatePath, TimeProvider.System).SaveAsync(Document("a"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StatePath));
    }

    [Fact]
    public void An_unreadable_state_file_is_moved_aside_and_loading_starts_empty()
    {
        File.WriteAllText(StatePath, "{\"version\": 1, \"scripts\": [ {\"name\": ");

        var loaded = new StateStore(StatePath, TimeProvider.System).Load();

        Assert.Empty(loaded.Document.Scripts);
        Assert.NotNull(loaded.MovedAsideTo);
        Assert.StartsWith(StatePath + ".corrupt-", loaded.MovedAsideTo);
        Assert.True(File.Exists(loaded.MovedAsideTo));
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public void A_missing_state_file_is_an_empty_state()
    {
        var loaded = new StateStore(StatePath, TimeProvider.System).Load();

        Assert.Empty(loaded.Document.Scripts);
        Assert.Null(loaded.MovedAsideTo);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
