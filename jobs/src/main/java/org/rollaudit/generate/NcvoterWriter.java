package org.rollaudit.generate;

import static org.rollaudit.generate.NcCodes.ST_GONE;
import static org.rollaudit.generate.NcCodes.ST_S;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one snapshot of a {@link RollModel} as an NC {@code ncvoter} file of a given vintage:
 * header row, then one row per record present in the file, ordered by county and {@code
 * voter_reg_num}, every field quoted, tab-separated, CRLF, ISO-8859-1.
 *
 * <p>All strings are encoded once into byte tables; a row is then written by copying bytes and
 * formatting integers by hand.
 */
final class NcvoterWriter {
  /** What each column is made of. */
  private enum Col {
    COUNTY_ID,
    COUNTY_DESC,
    VOTER_REG_NUM,
    NCID,
    LAST_NAME,
    FIRST_NAME,
    MIDDLE_NAME,
    NAME_SUFFIX,
    STATUS_CD,
    STATUS_DESC,
    REASON_CD,
    REASON_DESC,
    RES_STREET,
    RES_CITY,
    STATE_CD,
    ZIP,
    MAIL1,
    MAIL_EMPTY,
    MAIL_CITY,
    MAIL_STATE,
    MAIL_ZIP,
    PHONE,
    CONFIDENTIAL,
    REGISTR_DT,
    RACE,
    ETHNIC,
    PARTY,
    GENDER,
    BIRTH_YEAR,
    AGE,
    BIRTH_STATE,
    DRIVERS_LIC,
    PRECINCT_TABLE,
    EMPTY,
    NAME_PREFIX,
    HAVA,
    SSN,
    NO_DL_SSN
  }

  private static final DateTimeFormatter YYYYMMDD =
      DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
  private static final int PROGRESS_EVERY = 1_000_000;

  private final RollModel model;
  private final VoterTable v;
  private final Geography geo;
  private final NcVintage vintage;
  private final Col[] cols;
  private final byte[][][] precinctCols;
  private final long salt;

  private final byte[][] countyId = new byte[Geography.COUNTIES][];
  private final byte[][] countyDesc = new byte[Geography.COUNTIES][];
  private final byte[][] statusCd = Tables.encode(NcCodes.STATUSES);
  private final byte[][] statusDesc;
  private final byte[][] reasonCd = Tables.encode(NcCodes.REASONS);
  private final byte[][] reasonDesc;
  private final byte[][] firstNames;
  private final byte[][] lastNames;
  private final byte[][] suffixes = Tables.encode(Tables.SUFFIXES);
  private final byte[][] streets = Tables.encode(Tables.STREETS);
  private final byte[][] streetTypes = Tables.encode(Tables.STREET_TYPES);
  private final byte[][] unitTypes = Tables.encode(Tables.UNIT_TYPES);
  private final byte[][] races = Tables.encode(Geography.RACES);
  private final byte[][] ethnics = Tables.encode(List.of("HL", "NL", "UN"));
  private final byte[][] genders = Tables.encode(List.of("F", "M", "U"));
  private final byte[][] parties = Tables.encode(List.of("DEM", "REP", "UNA", "LIB", "GRE"));
  private final byte[][] birthStates = Tables.encode(Tables.BIRTH_STATES);
  private final byte[][] areaCodes = Tables.encode(Tables.AREA_CODES);
  private final byte[][] overseasStreet;
  private final byte[][] overseasCity;
  private final byte[][] overseasZip;
  private final byte[] nc = Latin1Out.latin1("NC");
  private final byte[] ae = Latin1Out.latin1("AE");
  private final byte[] apo = Latin1Out.latin1("APO");
  private final byte[] box = Latin1Out.latin1("BOX ");
  private final byte[] poBox = Latin1Out.latin1("PO BOX ");
  private final byte[] unitWord = Latin1Out.latin1("UNIT ");
  private final byte[] b555 = Latin1Out.latin1("555");
  private final byte[][] prefixes = Tables.encode(List.of("MR", "MRS", "MS", "DR"));

  // Dates as packed yyyymmdd from DATE_BASE on, computed once (no LocalDate per row).
  private static final int DATE_BASE = (int) LocalDate.of(1959, 1, 1).toEpochDay();
  private int[] dates = new int[0];

  NcvoterWriter(RollModel model, NcVintage vintage, long seed) {
    this.model = model;
    this.v = model.v;
    this.geo = model.geo;
    this.vintage = vintage;
    this.salt = Seeds.derive(seed, "writer", 0);
    for (int c = 0; c < Geography.COUNTIES; c++) {
      countyId[c] = Latin1Out.latin1(Integer.toString(c + 1));
      countyDesc[c] = Latin1Out.latin1(NcCounties.name(c + 1));
    }
    statusDesc = new byte[NcCodes.STATUSES.size()][];
    for (int s = 0; s < statusDesc.length; s++) {
      statusDesc[s] = Latin1Out.latin1(NcCodes.statusDesc(NcCodes.STATUSES.get(s)));
    }
    reasonDesc = new byte[NcCodes.REASONS.size()][];
    for (int r = 0; r < reasonDesc.length; r++) {
      reasonDesc[r] = Latin1Out.latin1(NcCodes.reasonDesc(NcCodes.REASONS.get(r)));
    }
    List<String> first = new ArrayList<>(Tables.FIRST_FEMALE);
    first.addAll(Tables.FIRST_MALE);
    firstNames = Tables.encode(first);
    List<String> last = new ArrayList<>(Tables.LAST_GENERAL);
    last.addAll(Tables.LAST_HISPANIC);
    last.addAll(Tables.LAST_ASIAN);
    lastNames = Tables.encode(last);
    int no = Tables.OVERSEAS.size();
    overseasStreet = new byte[no][];
    overseasCity = new byte[no][];
    overseasZip = new byte[no][];
    for (int k = 0; k < no; k++) {
      overseasStreet[k] = Latin1Out.latin1(Tables.OVERSEAS.get(k)[0]);
      overseasCity[k] = Latin1Out.latin1(Tables.OVERSEAS.get(k)[1]);
      overseasZip[k] = Latin1Out.latin1(Tables.OVERSEAS.get(k)[2]);
    }

    List<String> names = vintage.columns();
    cols = new Col[names.size()];
    precinctCols = new byte[names.size()][][];
    for (int k = 0; k < cols.length; k++) {
      String name = names.get(k);
      byte[][] table = geo.precinctColumns.get(name);
      if (table != null) {
        cols[k] = Col.PRECINCT_TABLE;
        precinctCols[k] = table;
      } else {
        cols[k] = column(name);
      }
    }
  }

  private static Col column(String name) {
    switch (name) {
      case "county_id":
        return Col.COUNTY_ID;
      case "county_desc":
        return Col.COUNTY_DESC;
      case "voter_reg_num":
        return Col.VOTER_REG_NUM;
      case "ncid":
        return Col.NCID;
      case "last_name":
        return Col.LAST_NAME;
      case "first_name":
        return Col.FIRST_NAME;
      case "middle_name":
        return Col.MIDDLE_NAME;
      case "name_suffix_lbl":
        return Col.NAME_SUFFIX;
      case "status_cd":
        return Col.STATUS_CD;
      case "voter_status_desc":
        return Col.STATUS_DESC;
      case "reason_cd":
        return Col.REASON_CD;
      case "voter_status_reason_desc":
        return Col.REASON_DESC;
      case "res_street_address":
        return Col.RES_STREET;
      case "res_city_desc":
        return Col.RES_CITY;
      case "state_cd":
        return Col.STATE_CD;
      case "zip_code":
        return Col.ZIP;
      case "mail_addr1":
        return Col.MAIL1;
      case "mail_addr2":
      case "mail_addr3":
      case "mail_addr4":
        return Col.MAIL_EMPTY;
      case "mail_city":
        return Col.MAIL_CITY;
      case "mail_state":
        return Col.MAIL_STATE;
      case "mail_zipcode":
        return Col.MAIL_ZIP;
      case "full_phone_number":
        return Col.PHONE;
      case "confidential_ind":
        return Col.CONFIDENTIAL;
      case "registr_dt":
        return Col.REGISTR_DT;
      case "race_code":
        return Col.RACE;
      case "ethnic_code":
        return Col.ETHNIC;
      case "party_cd":
        return Col.PARTY;
      case "gender_code":
        return Col.GENDER;
      case "birth_year":
        return Col.BIRTH_YEAR;
      case "age_at_year_end":
      case "birth_age":
        return Col.AGE;
      case "birth_state":
        return Col.BIRTH_STATE;
      case "drivers_lic":
        return Col.DRIVERS_LIC;
      case "absent_ind":
        return Col.EMPTY;
      case "name_prefx_cd":
        return Col.NAME_PREFIX;
      case "hava_id_req":
        return Col.HAVA;
      case "ssn":
        return Col.SSN;
      case "no_dl_ssn_chkbx":
        return Col.NO_DL_SSN;
      default:
        throw new IllegalStateException("no generator for column " + name);
    }
  }

  /** File name of the snapshot as of {@code asOf}: {@code ncvoter_YYYYMMDD} + suffix. */
  static String fileName(LocalDate asOf, Compression compression) {
    return "ncvoter_" + asOf.format(YYYYMMDD) + compression.suffix();
  }

  /** Writes the snapshot as of {@code asOf} into {@code dir}. */
  SnapshotFile write(Path dir, LocalDate asOf, Compression compression, PrintStream log)
      throws IOException {
    ensureDates((int) asOf.toEpochDay());
    Path path = dir.resolve(fileName(asOf, compression));
    String entry = "ncvoter_" + asOf.format(YYYYMMDD) + ".txt";
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long rows;
    long text;
    try (OutputStream file = Files.newOutputStream(path)) {
      CountingStream counted = new CountingStream(new DigestOutputStream(file, sha));
      OutputStream body;
      ZipOutputStream zip = null;
      GZIPOutputStream gz = null;
      switch (compression) {
        case GZ:
          gz = new GZIPOutputStream(counted, 1 << 16); // header mtime is 0: reproducible
          body = gz;
          break;
        case ZIP:
          zip = new ZipOutputStream(counted);
          ZipEntry e = new ZipEntry(entry);
          // Local date-time, not an instant: no time-zone dependence in the bytes.
          e.setTimeLocal(asOf.atStartOfDay());
          zip.putNextEntry(e);
          body = zip;
          break;
        default:
          body = counted;
      }
      Latin1Out out = new Latin1Out(body);
      rows = writeRows(out, asOf, path.getFileName().toString(), log);
      out.flush();
      text = out.bytesWritten();
      if (gz != null) {
        gz.finish();
      }
      if (zip != null) {
        zip.closeEntry();
        zip.finish();
      }
      counted.close(); // flushes everything into the digest and the file
      long fileBytes = counted.count;
      return new SnapshotFile(
          path, asOf, rows, text, fileBytes, HexFormat.of().formatHex(sha.digest()));
    }
  }

  /** Sort keys (regNum, serial) of present records, grouped by county. */
  private long[] order(int[] countyStart) {
    for (int i = 0; i < v.size; i++) {
      if (v.status[i] != ST_GONE) {
        countyStart[model.countyOf(i) + 1]++;
      }
    }
    for (int c = 0; c < Geography.COUNTIES; c++) {
      countyStart[c + 1] += countyStart[c];
    }
    long[] keys = new long[countyStart[Geography.COUNTIES]];
    int[] fill = Arrays.copyOf(countyStart, Geography.COUNTIES);
    for (int i = 0; i < v.size; i++) {
      if (v.status[i] != ST_GONE) {
        keys[fill[model.countyOf(i)]++] = ((long) v.regNum[i] << 32) | i;
      }
    }
    for (int c = 0; c < Geography.COUNTIES; c++) {
      Arrays.sort(keys, countyStart[c], countyStart[c + 1]);
    }
    return keys;
  }

  private long writeRows(Latin1Out out, LocalDate asOf, String name, PrintStream log)
      throws IOException {
    for (String col : vintage.columns()) {
      out.field(Latin1Out.latin1(col));
    }
    out.endRow();
    int[] countyStart = new int[Geography.COUNTIES + 1];
    long[] keys = order(countyStart);
    int year = asOf.getYear();
    for (int r = 0; r < keys.length; r++) {
      writeRow(out, (int) keys[r], year);
      if (log != null && (r + 1) % PROGRESS_EVERY == 0) {
        log.println(String.format(Locale.ROOT, "  %s: %,d rows", name, r + 1));
      }
    }
    return keys.length;
  }

  private void writeRow(Latin1Out out, int i, int year) throws IOException {
    int p = v.precinct[i];
    int c = geo.precinctCounty[p];
    byte st = v.status[i];
    long h = Seeds.mix64(salt + i); // fixed per-record traits (phone digits, PO box, prefix)
    for (int k = 0; k < cols.length; k++) {
      switch (cols[k]) {
        case COUNTY_ID:
          out.field(countyId[c]);
          break;
        case COUNTY_DESC:
          out.field(countyDesc[c]);
          break;
        case VOTER_REG_NUM:
          out.number(v.regNum[i], 12);
          break;
        case NCID:
          out.ncid(model.ncid, i);
          break;
        case LAST_NAME:
          out.field(spelling(model.lastNameSpelling, i, lastNames[v.lastName[i]]));
          break;
        case FIRST_NAME:
          out.field(spelling(model.firstNameSpelling, i, firstNames[v.firstName[i]]));
          break;
        case MIDDLE_NAME:
          out.field(v.middleName[i] == 0xFFFF ? null : firstNames[v.middleName[i]]);
          break;
        case NAME_SUFFIX:
          out.field(suffixes[v.suffix[i]]);
          break;
        case STATUS_CD:
          out.field(statusCd[st]);
          break;
        case STATUS_DESC:
          out.field(statusDesc[st]);
          break;
        case REASON_CD:
          out.field(reasonCd[v.reason[i]]);
          break;
        case REASON_DESC:
          out.field(reasonDesc[v.reason[i]]);
          break;
        case RES_STREET:
          street(out, i);
          break;
        case RES_CITY:
          out.field(geo.precinctCity[p]);
          break;
        case STATE_CD:
          out.field(nc);
          break;
        case ZIP:
          out.field(geo.precinctZip[p]);
          break;
        case MAIL1:
          mail1(out, i, st, h);
          break;
        case MAIL_EMPTY:
          out.empty();
          break;
        case MAIL_CITY:
          out.field(mailKind(i, st) == 0 ? null : mailCity(i, st, h, p));
          break;
        case MAIL_STATE:
          out.field(mailState(i, st));
          break;
        case MAIL_ZIP:
          mailZip(out, i, st, h, p);
          break;
        case PHONE:
          if (v.has(i, VoterTable.F_PHONE)) {
            out.begin();
            out.part(areaCodes[geo.areaCode[c]]);
            out.part(b555); // the fictional exchange: never a real number
            out.partNumber((h >>> 20) % 10_000, 4);
            out.close();
          } else {
            out.empty();
          }
          break;
        case CONFIDENTIAL:
          out.ascii(v.has(i, VoterTable.F_CONFIDENTIAL) ? 'Y' : 'N');
          break;
        case REGISTR_DT:
          {
            int ymd = dates[v.registrDay[i] - DATE_BASE];
            out.date(ymd / 10_000, ymd / 100 % 100, ymd % 100);
            break;
          }
        case RACE:
          out.field(races[v.race[i]]);
          break;
        case ETHNIC:
          out.field(ethnics[v.ethnic[i]]);
          break;
        case PARTY:
          out.field(parties[v.party[i]]);
          break;
        case GENDER:
          out.field(genders[v.gender[i]]);
          break;
        case BIRTH_YEAR:
          out.number(v.birthYear[i], 0);
          break;
        case AGE:
          out.number(year - v.birthYear[i], 0);
          break;
        case BIRTH_STATE:
          out.field(birthStates[v.birthState[i]]);
          break;
        case DRIVERS_LIC:
          out.ascii(v.has(i, VoterTable.F_DRIVERS_LIC) ? 'Y' : 'N');
          break;
        case PRECINCT_TABLE:
          out.field(precinctCols[k][p]);
          break;
        case EMPTY:
          out.empty();
          break;
        case NAME_PREFIX:
          {
            int g = v.gender[i];
            int roll = (int) ((h >>> 40) % 100);
            out.field(
                roll >= 4 || g == 2
                    ? null
                    : roll == 0 ? prefixes[3] : g == 1 ? prefixes[0] : prefixes[1 + (roll & 1)]);
            break;
          }
        case HAVA:
          out.ascii(v.has(i, VoterTable.F_HAVA) ? 'Y' : 'N');
          break;
        case SSN:
          out.ascii(v.has(i, VoterTable.F_SSN) ? 'Y' : 'N');
          break;
        case NO_DL_SSN:
          out.ascii(v.has(i, VoterTable.F_NO_DL_SSN) ? 'Y' : 'N');
          break;
        default:
          throw new IllegalStateException(cols[k].toString());
      }
    }
    out.endRow();
  }

  private void street(Latin1Out out, int i) throws IOException {
    out.begin();
    streetParts(out, i);
    out.close();
  }

  private void streetParts(Latin1Out out, int i) {
    out.partNumber(v.streetNum[i], 0);
    out.partByte(' ');
    out.part(streets[v.streetName[i]]);
    out.partByte(' ');
    out.part(streetTypes[v.streetType[i]]);
    int u = v.unit[i];
    if (u != 0) {
      out.partByte(' ');
      out.part(unitTypes[u >>> 12]);
      out.partByte(' ');
      out.partNumber(u & 0xFFF, 0);
    }
  }

  /**
   * Kind of mailing address: 0 none, 1 same as residence, 2 PO box, 3 military (APO), 4 overseas.
   */
  private int mailKind(int i, byte st) {
    if (st == ST_S) {
      return v.reason[i] == NcCodes.SM ? 3 : 4;
    }
    if (v.has(i, VoterTable.F_MAIL_SAME)) {
      return 1;
    }
    return v.has(i, VoterTable.F_MAIL_PO) ? 2 : 0;
  }

  private void mail1(Latin1Out out, int i, byte st, long h) throws IOException {
    switch (mailKind(i, st)) {
      case 1:
        street(out, i);
        break;
      case 2:
        out.begin();
        out.part(poBox);
        out.partNumber(1 + (h >>> 8) % 9_999, 0);
        out.close();
        break;
      case 3:
        out.begin();
        out.part(unitWord);
        out.partNumber(2000 + (h >>> 8) % 8_000, 0);
        out.partByte(' ');
        out.part(box);
        out.partNumber(1 + (h >>> 24) % 9_999, 0);
        out.close();
        break;
      case 4:
        out.begin();
        out.partNumber(1 + (h >>> 8) % 200, 0);
        out.partByte(' ');
        out.part(overseasStreet[(int) ((h >>> 32) % overseasStreet.length)]);
        out.close();
        break;
      default:
        out.empty();
    }
  }

  private byte[] mailCity(int i, byte st, long h, int p) {
    switch (mailKind(i, st)) {
      case 3:
        return apo;
      case 4:
        return overseasCity[(int) ((h >>> 32) % overseasCity.length)];
      default:
        return geo.precinctCity[p];
    }
  }

  private byte[] mailState(int i, byte st) {
    switch (mailKind(i, st)) {
      case 1:
      case 2:
        return nc;
      case 3:
        return ae;
      default:
        return null;
    }
  }

  private void mailZip(Latin1Out out, int i, byte st, long h, int p) throws IOException {
    switch (mailKind(i, st)) {
      case 1:
      case 2:
        out.field(geo.precinctZip[p]);
        break;
      case 3:
        out.number(9_000 + (h >>> 16) % 1_000, 5);
        break;
      case 4:
        out.field(overseasZip[(int) ((h >>> 32) % overseasZip.length)]);
        break;
      default:
        out.empty();
    }
  }

  /** Extends the date table to cover {@code lastDay}. */
  private void ensureDates(int lastDay) {
    int n = lastDay - DATE_BASE + 2;
    if (dates.length >= n) {
      return;
    }
    dates = new int[n];
    LocalDate d = LocalDate.ofEpochDay(DATE_BASE);
    for (int k = 0; k < n; k++) {
      dates[k] = d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
      d = d.plusDays(1);
    }
  }

  /** Counts bytes written to the file (after compression). */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** The table entry, or the record's own spelling when a plant gave it one. */
  private static byte[] spelling(Map<Integer, String> own, int i, byte[] table) {
    if (own.isEmpty()) {
      return table;
    }
    String s = own.get(i);
    return s == null ? table : Latin1Out.latin1(s);
  }
}
