namespace ImageChat.Tests.Samples;

/// <summary>
/// Tests that capture the process's console (OpenTelemetry's console exporter writes to it directly) run alone, so that
/// no other test writes into what they read.
/// </summary>
[CollectionDefinition(nameof(ProcessConsole), DisableParallelization = true)]
public sealed class ProcessConsole;
