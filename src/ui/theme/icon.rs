//! The window icon: resources/icons/tern.svg drawn into RGBA pixels at start-up (iced
//! takes raw pixels for window icons; no image decoder is built in). The shapes are the
//! SVG's, in its 128-unit coordinate space.

use iced::window;

const SIZE: u32 = 64;
const BLUE: [f32; 3] = [0x1f as f32 / 255.0, 0x6f as f32 / 255.0, 0xeb as f32 / 255.0];

fn quad(p0: (f32, f32), c: (f32, f32), p1: (f32, f32), out: &mut Vec<(f32, f32)>) {
    for i in 1..=12 {
        let t = i as f32 / 12.0;
        let u = 1.0 - t;
        out.push((
            u * u * p0.0 + 2.0 * u * t * c.0 + t * t * p1.0,
            u * u * p0.1 + 2.0 * u * t * c.1 + t * t * p1.1,
        ));
    }
}

/// The bird: M28 92 Q52 60 64 66 Q76 60 100 92 Q78 78 64 86 Q50 78 28 92 Z
fn bird() -> Vec<(f32, f32)> {
    let mut p = vec![(28.0, 92.0)];
    quad((28.0, 92.0), (52.0, 60.0), (64.0, 66.0), &mut p);
    quad((64.0, 66.0), (76.0, 60.0), (100.0, 92.0), &mut p);
    quad((100.0, 92.0), (78.0, 78.0), (64.0, 86.0), &mut p);
    quad((64.0, 86.0), (50.0, 78.0), (28.0, 92.0), &mut p);
    p
}

fn inside(poly: &[(f32, f32)], x: f32, y: f32) -> bool {
    let mut c = false;
    let mut j = poly.len() - 1;
    for i in 0..poly.len() {
        let (xi, yi) = poly[i];
        let (xj, yj) = poly[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            c = !c;
        }
        j = i;
    }
    c
}

fn in_rounded_rect(x: f32, y: f32) -> bool {
    let (lo, hi, r) = (8.0, 120.0, 24.0);
    if !(lo..=hi).contains(&x) || !(lo..=hi).contains(&y) {
        return false;
    }
    let cx = x.clamp(lo + r, hi - r);
    let cy = y.clamp(lo + r, hi - r);
    (x - cx).powi(2) + (y - cy).powi(2) <= r * r
}

fn near_segment(p: (f32, f32), a: (f32, f32), b: (f32, f32), half_width: f32) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
    let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
    (p.0 - qx).powi(2) + (p.1 - qy).powi(2) <= half_width * half_width
}

/// RGBA pixels of the icon, `SIZE` x `SIZE`.
pub fn pixels() -> Vec<u8> {
    let bird = bird();
    let scale = 128.0 / SIZE as f32;
    let mut out = Vec::with_capacity((SIZE * SIZE * 4) as usize);
    const SS: u32 = 4;
    for py in 0..SIZE {
        for px in 0..SIZE {
            let (mut bg, mut white) = (0u32, 0u32);
            for sy in 0..SS {
                for sx in 0..SS {
                    let x = (px as f32 + (sx as f32 + 0.5) / SS as f32) * scale;
                    let y = (py as f32 + (sy as f32 + 0.5) / SS as f32) * scale;
                    if !in_rounded_rect(x, y) {
                        continue;
                    }
                    bg += 1;
                    if near_segment((x, y), (20.0, 44.0), (64.0, 76.0), 4.0)
                        || near_segment((x, y), (64.0, 76.0), (108.0, 44.0), 4.0)
                        || inside(&bird, x, y)
                    {
                        white += 1;
                    }
                }
            }
            let alpha = bg as f32 / (SS * SS) as f32;
            let w = if bg == 0 { 0.0 } else { white as f32 / bg as f32 };
            for c in BLUE {
                out.push(((c + (1.0 - c) * w) * 255.0).round() as u8);
            }
            out.push((alpha * 255.0).round() as u8);
        }
    }
    out
}

/// The icon for the window, if the platform takes one.
pub fn window_icon() -> Option<window::Icon> {
    window::icon::from_rgba(pixels(), SIZE, SIZE).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn icon_has_a_transparent_corner_and_an_opaque_centre() {
        let p = super::pixels();
        assert_eq!(p.len(), 64 * 64 * 4);
        assert_eq!(p[3], 0, "corner is transparent");
        let centre = (32 * 64 + 32) * 4;
        assert_eq!(p[centre + 3], 255);
    }
}
