namespace TurtleHarbor.Tests.Core.Native;

/// <summary>Tests that compare this process's open fds run alone, or other tests' fds would look like leaks.</summary>
[CollectionDefinition(nameof(FdSensitiveCollection), DisableParallelization = true)]
public sealed class FdSensitiveCollection;
