using StackExchange.Redis;

namespace ImageChat.Tests.TestDoubles;

/// <summary>
/// The real Redis the store tests run against: IMAGECHAT_TEST_REDIS (host:port), by default 127.0.0.1:6390, the one
/// .ci/run starts. When it cannot be reached the tests fail at once with a message saying so, never hang or skip.
/// </summary>
internal static class TestRedis
{
    public const string Variable = "IMAGECHAT_TEST_REDIS";

    private static readonly Lazy<Task<ConnectionMultiplexer>> LazyConnection = new(ConnectAsync);

    public static string Endpoint { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : "127.0.0.1:6390";

    /// <summary>Gets a StackExchange.Redis configuration string for the test server that fails fast when it is down.</summary>
    public static string Configuration => $"{Endpoint},connectTimeout=2000,abortConnect=true";

    /// <summary>Gets a key prefix no other test uses.</summary>
    public static string UniquePrefix() => $"imagechat-test:{Guid.NewGuid():N}:";

    /// <summary>Gets a connection to inspect what the stores wrote, checking first that the server is there.</summary>
    public static Task<ConnectionMultiplexer> ConnectionAsync() => LazyConnection.Value;

    private static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(Configuration);
        }
        catch (RedisConnectionException ex)
        {
            throw new InvalidOperationException(
                $"The Redis store tests need a Redis server at {Endpoint} and none answered. Start one (redis-server --port {Endpoint.Split(':')[^1]}) or point {Variable}=host:port at one; .ci/run starts it on 6390. ({ex.Message})",
                ex);
        }
    }
}
