/* For readers who come after the site was built: the page is right for
 * its as-of day without this.  data-next is the first date in the
 * record on which something more becomes overdue; once that day has come
 * (in Beijing time), say so beside the status box. */
(function () {
	"use strict";
	var box = document.querySelector && document.querySelector("[data-next]");
	if (!box)
		return;
	var next = box.getAttribute("data-next");
	var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString()
	    .slice(0, 10);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(next) || today < next)
		return;
	var d = next.split("-");
	var p = document.createElement("p");
	p.className = "status status-later";
	p.setAttribute("role", "note");
	p.textContent = "按本页公示信息中的日期，自" + Number(d[0]) + "年" +
	    Number(d[1]) + "月" + Number(d[2]) + "日起还有事项可能已经逾期，" +
	    "请以小区公示栏或物业服务中心的最新公示为准。";
	box.appendChild(p);
}());
