package dev.rempart.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8785 (JSON Canonicalization Scheme), on the examples of the RFC that hold no fractions. */
class CanonicalJsonTest {

  /** RFC 8785 section 3.2.3: the property sorting example, keys given in the RFC's input order. */
  @Test
  void sortsPropertiesByUtf16CodeUnitsAsRfc8785Section323() throws Exception {
    String input =
        "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\","
            + " \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\", \"1\": \"One\","
            + " \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
            + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";

    String canonical = CanonicalJson.write(RecordLines.parseObject(input));

    assertThat(canonical)
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  /**
   * RFC 8785 section 3.2.2, the main example without its "numbers" member (fractions are not part
   * of the record): literals kept, the string's escapes reduced to the prescribed ones.
   */
  @Test
  void writesStringsAndLiteralsAsRfc8785Section322() throws Exception {
    String input =
        "{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
            + " \"literals\": [null, true, false]}";

    String canonical = CanonicalJson.write(RecordLines.parseObject(input));

    assertThat(canonical)
        .isEqualTo(
            "{\"literals\":[null,true,false],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  /** RFC 8785 section 3.2.4: the UTF-8 bytes of the section 3.2.2 output's string part. */
  @Test
  void encodesAsUtf8() {
    byte[] bytes = CanonicalJson.toBytes(Map.of("s", "\u20ac$"));

    assertThat(bytes)
        .containsExactly(0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0xac, 0x24, 0x22, 0x7d);
  }

  @Test
  void nestedObjectsAreSortedAndArraysKeepTheirOrder() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("b", 2L);
    inner.put("a", List.of(3L, 1L, 2L));
    Map<String, Object> outer = new HashMap<>();
    outer.put("z", inner);
    outer.put("y", -9007199254740991L);

    assertThat(CanonicalJson.write(outer))
        .isEqualTo("{\"y\":-9007199254740991,\"z\":{\"a\":[3,1,2],\"b\":2}}");
  }

  @Test
  void controlCharactersUseLowerCaseUnicodeEscapes() {
    assertThat(CanonicalJson.write("\u0000\u001f\u007f\t"))
        .isEqualTo("\"\\u0000\\u001f\u007f\\t\"");
  }

  @Test
  void refusesWhatItCannotWriteCanonically() {
    assertThatThrownBy(() -> CanonicalJson.write(9007199254740992L))
        .hasMessageContaining("outside the range");
    assertThatThrownBy(() -> CanonicalJson.write(1.5)).hasMessageContaining("Double");
    assertThatThrownBy(() -> CanonicalJson.write("a\ud800b"))
        .hasMessageContaining("lone surrogate");
    assertThatThrownBy(() -> RecordLines.parseObject("{\"n\": [333333333.33333329, 1E30]}"))
        .hasMessageContaining("not an integer");
  }

  @Test
  void refusesDuplicateKeys() {
    assertThatThrownBy(() -> RecordLines.parseObject("{\"a\":1,\"a\":2}"))
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("Duplicate");
  }

  @Test
  void sameValueSameBytesWhateverTheInputOrder() throws Exception {
    byte[] one = CanonicalJson.toBytes(RecordLines.parseObject("{\"b\":[true,null],\"a\":\"x\"}"));
    byte[] two =
        CanonicalJson.toBytes(
            RecordLines.parseObject("{ \"a\" : \"x\",\n \"b\" : [ true , null ] }"));

    assertThat(Arrays.equals(one, two)).isTrue();
    assertThat(new String(one, StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"x\",\"b\":[true,null]}");
  }
}
