//! Integer codes of the wire protocol as Rust enums.
//!
//! The Document Server reports many things as bare integers (command and conversion error codes,
//! callback action types, force-save types). [`int_code!`] turns a table of `Variant = code =>
//! "meaning"` rows into an enum that (de)serializes as that integer, keeps codes it does not know
//! in an `Other(i64)` variant instead of failing, and displays the documented meaning.

/// Declares an integer-coded enum; see the module documentation.
macro_rules! int_code {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => $meaning:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A code this version of the crate does not know.
            Other(i64),
        }

        impl $name {
            /// The integer sent on the wire.
            #[must_use]
            pub const fn code(self) -> i64 {
                match self {
                    $( Self::$variant => $code, )+
                    Self::Other(code) => code,
                }
            }

            /// The variant for a wire integer; unknown integers become `Other`.
            #[must_use]
            pub const fn from_code(code: i64) -> Self {
                match code {
                    $( $code => Self::$variant, )+
                    other => Self::Other(other),
                }
            }

            /// The meaning of the code, as documented by ONLYOFFICE.
            #[must_use]
            pub const fn meaning(self) -> &'static str {
                match self {
                    $( Self::$variant => $meaning, )+
                    Self::Other(_) => "undocumented code",
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{} ({})", self.meaning(), self.code())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(d).map(Self::from_code)
            }
        }
    };
}

pub(crate) use int_code;
