//! The plugin's icon (`<prefix>assets/logo.png`, named by the manifest): a 64×64 PNG drawn by
//! this code, a blue page with a folded corner and three text lines, encoded by hand (PNG 1.2,
//! RFC 2083) with an uncompressed ("stored", RFC 1951 §3.2.4) zlib stream, so it needs no image
//! library and is the same bytes on every build.

const SIZE: usize = 64;

/// The PNG bytes.
pub fn png() -> Vec<u8> {
    let mut raw = Vec::with_capacity(SIZE * (1 + SIZE * 4));
    for y in 0..SIZE {
        raw.push(0); // filter: none
        for x in 0..SIZE {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut ihdr = Vec::with_capacity(13);
    let side = u32::try_from(SIZE).unwrap_or(64).to_be_bytes();
    ihdr.extend_from_slice(&side);
    ihdr.extend_from_slice(&side);
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8 bits, RGBA, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The colour of one pixel.
fn pixel(x: usize, y: usize) -> [u8; 4] {
    const CLEAR: [u8; 4] = [0, 0, 0, 0];
    const BLUE: [u8; 4] = [0x1f, 0x6f, 0xd1, 0xff];
    const FOLD: [u8; 4] = [0x9c, 0xc3, 0xf2, 0xff];
    const WHITE: [u8; 4] = [0xff, 0xff, 0xff, 0xff];
    let (left, right, top, bottom, corner) = (10, 54, 4, 60, 14);
    if x < left || x >= right || y < top || y >= bottom {
        return CLEAR;
    }
    // The folded corner: a triangle cut from the top right, its fold drawn below the cut.
    let (from_right, from_top) = (right - 1 - x, y - top);
    if from_right + from_top < corner {
        return CLEAR;
    }
    if from_right < corner && from_top < corner {
        return FOLD;
    }
    let line = [26, 36, 46].iter().any(|row| (*row..*row + 4).contains(&y));
    if line && (18..46).contains(&x) {
        WHITE
    } else {
        BLUE
    }
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream of uncompressed deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(0xffff).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1_u32, 0_u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_their_reference_values() {
        // RFC 1950 and the PNG specification's test vectors.
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn the_logo_is_a_well_formed_png() {
        let png = png();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(&png[16..24], &[0, 0, 0, 64, 0, 0, 0, 64]);
        assert!(png.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]));
        // The image has transparent margins, the blue page and white lines.
        assert_eq!(pixel(0, 0)[3], 0);
        assert_eq!(pixel(20, 50), [0x1f, 0x6f, 0xd1, 0xff]);
        assert_eq!(pixel(30, 27), [0xff; 4]);
    }
}
