using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ImageChat.Tests.TestDoubles;

/// <summary>Reads the multipart form of a recorded request (an image edit) part by part, as a server would.</summary>
internal static class MultipartForm
{
    /// <summary>The parts by name, in the order sent: each with its content type, file name and bytes.</summary>
    public static async Task<Dictionary<string, (string? ContentType, string? FileName, byte[] Data)>> ReadAsync(FakeOpenAIServer.RecordedRequest request)
    {
        string boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.Headers["Content-Type"]).Boundary).Value!;
        MultipartReader reader = new(boundary, new MemoryStream(request.RawBody));
        Dictionary<string, (string?, string?, byte[])> parts = [];
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            ContentDispositionHeaderValue disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using MemoryStream data = new();
            await section.Body.CopyToAsync(data);
            parts[HeaderUtilities.RemoveQuotes(disposition.Name).Value!] = (section.ContentType, HeaderUtilities.RemoveQuotes(disposition.FileName).Value, data.ToArray());
        }

        return parts;
    }
}
