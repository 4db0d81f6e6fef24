//! Hangul for search: initial consonants (초성) so that `ㄱㅁㅅ` finds 김민수.

const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

/// The initial consonant of a precomposed Hangul syllable (가-힣).
pub fn initial_of(c: char) -> Option<char> {
    let code = c as u32;
    if (0xAC00..=0xD7A3).contains(&code) {
        INITIALS.get(((code - 0xAC00) / 588) as usize).copied()
    } else {
        None
    }
}

/// `김민수` -> `ㄱㅁㅅ`. Other letters are kept (lower-cased), spaces dropped.
pub fn initials(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| initial_of(c).unwrap_or(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `text` is made only of compatibility jamo consonants (what someone types to search
/// by initials), e.g. `ㄱㅁㅅ`.
pub fn is_initials_query(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| INITIALS.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("김민수"), "ㄱㅁㅅ");
        assert_eq!(initials("남궁 민"), "ㄴㄱㅁ");
        assert_eq!(initials("쌍둥이"), "ㅆㄷㅇ");
        assert_eq!(initials("Kim 민수"), "kimㅁㅅ");
        assert!(is_initials_query("ㄱㅁㅅ"));
        assert!(!is_initials_query("김ㅁ"));
        assert!(!is_initials_query(""));
    }

    #[test]
    fn every_syllable_has_an_initial() {
        for code in 0xAC00..=0xD7A3u32 {
            let c = char::from_u32(code).unwrap();
            assert!(initial_of(c).is_some(), "{c}");
        }
        assert_eq!(initial_of('힣'), Some('ㅎ'));
        assert_eq!(initial_of('a'), None);
    }
}
