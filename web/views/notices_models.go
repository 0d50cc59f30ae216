package views

import "github.com/scp-portal/portal/internal/notices"

// NewNoticeKinds are the questions of the preferences form, one per kind of notice.
func NewNoticeKinds() []NoticeKindView {
	out := make([]NoticeKindView, 0, len(notices.Kinds))
	for _, k := range notices.Kinds {
		v := NoticeKindView{Field: notices.Field(k), Label: k.Label(), Options: Choices(notices.Deliveries)}
		if k.Statutory() {
			v.Hint = "It has a statutory deadline, so it cannot be switched off."
			v.Options = Choices(notices.StatutoryDeliveries)
		}
		out = append(out, v)
	}
	return out
}
