using System.Collections.Immutable;
using Newtonsoft.Json;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Newtonsoft.Json form of a swept axis (<see cref="SweepAxes.Activation"/>, <see cref="SweepAxes.Loss"/>): a list of
/// keywords. State stored before the axes had types wrapped the list with its old type (<c>$type</c> ImmutableArray of
/// string, <c>$values</c>), which the declared type would refuse; this reads both forms and writes the plain list.
/// </summary>
/// <typeparam name="T">The axis' keyword enum.</typeparam>
public sealed class KeywordArrayNewtonsoftConverter<T> : JsonConverter<ImmutableArray<T>> where T : struct, Enum
{
    private static readonly SpecKeywordNewtonsoftConverter Keywords = new();

    public override ImmutableArray<T> ReadJson(JsonReader reader, Type objectType, ImmutableArray<T> existingValue, bool hasExistingValue, JsonSerializer serializer)
    {
        if (reader.TokenType == JsonToken.Null)
        {
            return [];
        }
        if (reader.TokenType == JsonToken.StartObject)
        {
            // { "$type": ..., "$values": [...] }: skip to the values, then past the object's end.
            while (reader.Read() && !(reader.TokenType == JsonToken.PropertyName && (string?)reader.Value == "$values"))
            {
                reader.Skip();
            }
            reader.Read();
            var values = ReadList(reader, serializer);
            while (reader.Read() && reader.TokenType != JsonToken.EndObject)
            {
                reader.Skip();
            }
            return values;
        }
        return ReadList(reader, serializer);
    }

    public override void WriteJson(JsonWriter writer, ImmutableArray<T> value, JsonSerializer serializer)
    {
        writer.WriteStartArray();
        foreach (var item in value.IsDefault ? [] : value)
        {
            Keywords.WriteJson(writer, item, serializer);
        }
        writer.WriteEndArray();
    }

    private static ImmutableArray<T> ReadList(JsonReader reader, JsonSerializer serializer)
    {
        if (reader.TokenType != JsonToken.StartArray)
        {
            throw new JsonSerializationException($"expected a list of {typeof(T).Name} keywords, got {reader.TokenType}");
        }
        var items = ImmutableArray.CreateBuilder<T>();
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            items.Add((T)Keywords.ReadJson(reader, typeof(T), null, serializer)!);
        }
        return items.ToImmutable();
    }
}
