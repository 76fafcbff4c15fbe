using System.Buffers;
using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ImageChat.Benchmarks;

/// <summary>
/// The limit: the conversation's requests, recorded once from <see cref="OpenAISdkLoopContender"/>, posted again byte for
/// byte over one <see cref="HttpClient"/>. Each response is read; each image is decoded from base64 and saved as a PNG.
/// No messages are built, serialized or parsed beyond finding the image: what is left is HTTP and the file system.
/// </summary>
internal sealed class FloorContender : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http = new();
    private readonly ImageFolder _folder;
    private readonly IReadOnlyList<(Uri Uri, byte[] Body)> _requests;

    private FloorContender(ImageFolder folder, IReadOnlyList<(Uri Uri, byte[] Body)> requests)
    {
        _folder = folder;
        _requests = requests;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Contenders.ApiKey);
    }

    /// <summary>Records the requests of one conversation through the SDK loop.</summary>
    public static async Task<FloorContender> RecordAsync(Uri endpoint, ImageFolder folder, IReadOnlyList<string> userMessages)
    {
        RecordingHandler recorder = new() { InnerHandler = new SocketsHttpHandler() };
        using HttpClient recording = new(recorder);
        await new OpenAISdkLoopContender(endpoint, folder, recording).RunAsync(userMessages);
        return new FloorContender(folder, recorder.Requests);
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            foreach ((Uri uri, byte[] body) in _requests)
            {
                using ByteArrayContent content = new(body);
                content.Headers.ContentType = Json;
                using HttpResponseMessage response = await _http.PostAsync(uri, content, cancellationToken);
                response.EnsureSuccessStatusCode();
                int length = (int)response.Content.Headers.ContentLength!.Value;
                if (buffer.Length < length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                }

                await using (Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken))
                {
                    await stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
                }

                if (uri.AbsolutePath.EndsWith("/images/generations", StringComparison.Ordinal))
                {
                    await SaveImageAsync(buffer.AsMemory(0, length), cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task SaveImageAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> base64 = FindImage(json);
        byte[] png = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        try
        {
            Base64.DecodeFromUtf8(base64.Span, png, out _, out int written);
            await _folder.SaveAsync(png.AsMemory(0, written), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(png);
        }
    }

    private static ReadOnlyMemory<byte> FindImage(ReadOnlyMemory<byte> json)
    {
        Utf8JsonReader reader = new(json.Span);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("b64_json"u8))
            {
                reader.Read();
                return json.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            }
        }

        throw new InvalidOperationException("The image response has no b64_json.");
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<(Uri Uri, byte[] Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri!, await request.Content!.ReadAsByteArrayAsync(cancellationToken)));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
